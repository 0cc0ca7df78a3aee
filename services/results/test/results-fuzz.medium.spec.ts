import { ClinicalServiceHarness, misbehaviour, NO_MISBEHAVIOUR } from '@care-events/local-platform';
import { ResultsModule } from '../src/results.module';
import { reportBody, TOPIC } from './results-fixtures';

describe('results refuses malformed requests on every write endpoint', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('results', ResultsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const patientId = await harness.newPatient();
    const report = await harness.call('POST', '/reports', reportBody(patientId, { status: 'preliminary' }));
    expect(report.status).toBe(201);

    const fuzzed = await harness.fuzzWrites({
      known: { fields: { patientId }, resources: { reports: report.body.id } },
      seed: 1205,
      atLeast: 250,
      // Fed by care-router.relationship.v1, which other tests on the broker write meanwhile.
      alsoProjected: ['known_care_relationship'],
    });

    expect(fuzzed.sent).toBeGreaterThanOrEqual(250);
    expect(fuzzed.endpoints).toHaveLength(3);
    expect(misbehaviour(fuzzed)).toEqual(NO_MISBEHAVIOUR);
  });
});
