import { ClinicalServiceHarness, misbehaviour, NO_MISBEHAVIOUR } from '@care-events/local-platform';
import { AppointmentsModule } from '../src/appointments.module';
import { book, openSlot, TOPIC } from './appointments-fixtures';

describe('appointments refuses malformed requests on every write endpoint', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('appointments', AppointmentsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const patientId = await harness.newPatient();
    const booked = await book(harness, (await openSlot(harness)).id, patientId);
    const free = await openSlot(harness, { capacity: 5 });

    const report = await harness.fuzzWrites({
      known: { fields: { patientId, slotId: free.id }, resources: { appointments: booked.id } },
      seed: 1204,
      atLeast: 250,
      // Fed by care-router.relationship.v1, which other tests on the broker write meanwhile.
      alsoProjected: ['known_care_relationship'],
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(6);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });
});
