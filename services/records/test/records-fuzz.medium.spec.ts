import { ClinicalServiceHarness, misbehaviour, NO_MISBEHAVIOUR } from '@care-events/local-platform';
import { RecordsModule } from '../src/records.module';
import { allergyBody, conditionBody, encounterBody, expectCall, TOPIC } from './records-fixtures';

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

    const report = await records.fuzzWrites({
      known: { fields: { patientId }, resources: { allergies: allergy.id, conditions: condition.id, encounters: encounter.id } },
      seed: 1202,
      atLeast: 250,
      // Fed by care-router.relationship.v1, which other tests on the broker write meanwhile.
      alsoProjected: ['known_care_relationship'],
    });

    expect(report.sent).toBeGreaterThanOrEqual(250);
    expect(report.endpoints).toHaveLength(6);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });
});
