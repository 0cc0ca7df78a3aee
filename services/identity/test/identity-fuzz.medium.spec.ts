import { Client } from 'pg';
import { fuzzCountingWrites, IdentityClient, misbehaviour, NO_MISBEHAVIOUR, ServiceUnderTest, startServiceUnderTest } from '@care-events/local-platform';
import { IdentityModule } from '../src/identity.module';

describe('identity refuses malformed requests on every write endpoint', () => {
  let service: ServiceUnderTest;
  let db: Client;

  beforeAll(async () => {
    service = await startServiceUnderTest('identity', IdentityModule);
    db = new Client({ connectionString: service.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await service?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const identity = new IdentityClient(service.url);
    const [patientId, survivorId] = [await identity.register(), await identity.register()];

    const report = await fuzzCountingWrites(service.url, db, {
      known: { fields: { survivingPatientId: survivorId }, resources: { patients: patientId } },
      seed: 1201,
      atLeast: 250,
      // Fed by care-router.relationship.v1, which other tests on the broker write meanwhile.
      projections: ['inbox_message', 'known_care_relationship'],
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(7);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });
});
