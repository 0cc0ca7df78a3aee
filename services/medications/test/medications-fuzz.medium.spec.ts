import { ClinicalServiceHarness, misbehaviour, NO_MISBEHAVIOUR } from '@care-events/local-platform';
import { MedicationsModule } from '../src/medications.module';
import { prescription, TOPIC } from './medications-fixtures';

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

    const report = await harness.fuzzWrites({
      known: { fields: { patientId }, resources: { medications: medication.body.id } },
      seed: 1203,
      atLeast: 250,
      alsoProjected: ['patient_allergy', 'known_care_relationship'],
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(4);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });
});
