import { ClinicalServiceHarness, fuzzCountingWrites } from '@care-events/local-platform';
import { MedicationsModule } from '../src/medications.module';
import { prescription, TOPIC } from './medications-fixtures';

// What this service learns from topics other tests on the same broker also write to.
const PROJECTIONS = ['known_patient', 'inbox_message', 'patient_allergy'];

describe('medications refuses malformed requests on every write endpoint', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('medications', MedicationsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const patientId = await harness.newPatient();
    const medication = await harness.call('POST', '/medications', prescription(patientId));
    expect(medication.status).toBe(201);

    const report = await fuzzCountingWrites(harness.service.url, harness.db, {
      known: { fields: { patientId }, resources: { medications: medication.body.id } },
      seed: 1203,
      atLeast: 250,
      projections: PROJECTIONS,
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(4);
    expect({ serverErrors: report.serverErrors, accepted: report.accepted, unnamed: report.unnamed, written: report.written })
      .toEqual({ serverErrors: [], accepted: [], unnamed: [], written: {} });
  });
});
