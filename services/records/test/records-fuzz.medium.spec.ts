import { ClinicalServiceHarness, fuzzCountingWrites } from '@care-events/local-platform';
import { RecordsModule } from '../src/records.module';
import { allergyBody, conditionBody, encounterBody, expectCall, TOPIC } from './records-fixtures';

// What this service learns from topics other tests on the same broker also write to.
const PROJECTIONS = ['known_patient', 'inbox_message'];

describe('records refuses malformed requests on every write endpoint', () => {
  let records: ClinicalServiceHarness;

  beforeAll(async () => {
    records = await ClinicalServiceHarness.start('records', RecordsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await records?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const patientId = await records.newPatient();
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(patientId));
    const condition = await expectCall(records, 201, 'POST', '/conditions', conditionBody(patientId));
    const encounter = await expectCall(records, 201, 'POST', '/encounters', encounterBody(patientId));

    const report = await fuzzCountingWrites(records.service.url, records.db, {
      known: { fields: { patientId }, resources: { allergies: allergy.id, conditions: condition.id, encounters: encounter.id } },
      seed: 1202,
      atLeast: 250,
      projections: PROJECTIONS,
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(6);
    expect({ serverErrors: report.serverErrors, accepted: report.accepted, unnamed: report.unnamed, written: report.written })
      .toEqual({ serverErrors: [], accepted: [], unnamed: [], written: {} });
  });
});
