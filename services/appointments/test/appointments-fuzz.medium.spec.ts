import { ClinicalServiceHarness, fuzzCountingWrites } from '@care-events/local-platform';
import { AppointmentsModule } from '../src/appointments.module';
import { book, openSlot, TOPIC } from './appointments-fixtures';

// What this service learns from topics other tests on the same broker also write to.
const PROJECTIONS = ['known_patient', 'inbox_message'];

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

    const report = await fuzzCountingWrites(harness.service.url, harness.db, {
      known: { fields: { patientId, slotId: free.id }, resources: { appointments: booked.id } },
      seed: 1204,
      atLeast: 250,
      projections: PROJECTIONS,
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(6);
    expect({ serverErrors: report.serverErrors, accepted: report.accepted, unnamed: report.unnamed, written: report.written })
      .toEqual({ serverErrors: [], accepted: [], unnamed: [], written: {} });
  });
});
