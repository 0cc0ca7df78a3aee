import { IdentityEventType } from '@care-events/contracts';
import { ClinicalServiceHarness, Json, publishEvent } from '@care-events/local-platform';
import { RecordsModule } from '../src/records.module';
import { allergyBody, conditionBody, encounterBody, expectCall, TOPIC, typeOf, valueOf } from './records-fixtures';

/** Identity merges duplicate A into survivor B: records moves A's clinical record to B and says so on its topic. */
describe('records after identity merges two patients', () => {
  let records: ClinicalServiceHarness;

  beforeAll(async () => {
    records = await ClinicalServiceHarness.start('records', RecordsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await records?.stop();
  });

  const idsOf = async (path: string): Promise<string[]> => (await expectCall(records, 200, 'GET', path)).map((record: Json) => record.id).sort();

  it("moves the superseded patient's allergies, conditions and encounters to the survivor, publishing one ClinicalRecordsMerged keyed by it", async () => {
    const [duplicate, survivor] = [await records.newPatient(), await records.newPatient()];
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(duplicate));
    const condition = await expectCall(records, 201, 'POST', '/conditions', conditionBody(duplicate));
    const encounter = await expectCall(records, 201, 'POST', '/encounters', encounterBody(duplicate));
    const survivorsOwn = await expectCall(records, 201, 'POST', '/allergies', allergyBody(survivor));

    await records.identity.merge(duplicate, survivor);
    await records.untilPatientIs(duplicate, 'superseded');

    expect(await idsOf(`/allergies?patientId=${survivor}`)).toEqual([allergy.id, survivorsOwn.id].sort());
    expect(await idsOf(`/conditions?patientId=${survivor}`)).toEqual([condition.id]);
    expect(await idsOf(`/encounters?patientId=${survivor}`)).toEqual([encounter.id]);
    for (const path of ['allergies', 'conditions', 'encounters']) expect(await idsOf(`/${path}?patientId=${duplicate}`)).toEqual([]);

    const [merged] = await records.tap.waitFor((m) => m.key === survivor && typeOf(m) === 'ClinicalRecordsMerged');
    expect(merged.headers.ce_subject).toBe(survivor);
    expect(valueOf(merged)).toMatchObject({
      metadata: { patientId: survivor, actor: { type: 'SYSTEM' } },
      supersededPatientId: duplicate,
      survivingPatientId: survivor,
      allergyIds: [allergy.id],
      conditionIds: [condition.id],
      encounterIds: [encounter.id],
    });
    expect(valueOf(merged).metadata.causationId).not.toBeNull();
    const outbox = await records.db.query(`select message_key from outbox_message where event_type = 'care.events.records.ClinicalRecordsMerged' and payload->>'supersededPatientId' = $1`, [duplicate]);
    expect(outbox.rows).toEqual([{ message_key: survivor }]);
  });

  it('refuses a new record for the superseded patient with 409 naming the survivor; its moved records stay writable as the survivor\'s', async () => {
    const [duplicate, survivor] = [await records.newPatient(), await records.newPatient()];
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(duplicate));
    await records.identity.merge(duplicate, survivor);
    await records.untilPatientIs(duplicate, 'superseded');
    const outboxBefore = await records.count('outbox_message');

    const refused = await expectCall(records, 409, 'POST', '/conditions', conditionBody(duplicate));
    expect(await records.count('outbox_message')).toBe(outboxBefore);
    expect(refused).toMatchObject({ error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor });
    // The moved allergy now belongs to the survivor: changing it is a write for the survivor, and allowed.
    await expectCall(records, 200, 'POST', `/allergies/${allergy.id}/entered-in-error`, { reason: 'duplicate entry' });
    const [withdrawn] = await records.tap.waitFor((m) => typeOf(m) === 'AllergyEnteredInError' && valueOf(m).allergyId === allergy.id);
    expect(withdrawn.key).toBe(survivor);
    expect(await records.count('outbox_message')).toBe(outboxBefore + 1);
  });

  it('publishes nothing for a merge that moves no record', async () => {
    const [duplicate, survivor] = [await records.newPatient(), await records.newPatient()];
    await records.identity.merge(duplicate, survivor);
    // The view change and the hook commit in one transaction: once superseded shows, the hook has run.
    await records.untilPatientIs(duplicate, 'superseded');
    const merges = await records.db.query(`select count(*) from outbox_message where payload->>'supersededPatientId' = $1`, [duplicate]);
    expect(Number(merges.rows[0].count)).toBe(0);
  });

  it("moves a merge's records to the end of the chain, whichever of two chained merges is handled first", async () => {
    const [first, second, third] = [await records.newPatient(), await records.newPatient(), await records.newPatient()];
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(first));
    // Identity merged first into second, then second into third; their partitions deliver the later merge first.
    await records.identity.merge(second, third);
    await records.untilPatientIs(second, 'superseded');
    await publishEvent(IdentityEventType.PatientRecordsMerged, first, { supersededPatientId: first, survivingPatientId: second });
    await records.untilPatientIs(first, 'superseded');
    expect(await idsOf(`/allergies?patientId=${third}`)).toEqual([allergy.id]);
    const [merged] = await records.tap.waitFor((m) => typeOf(m) === 'ClinicalRecordsMerged' && valueOf(m).supersededPatientId === first);
    expect(valueOf(merged)).toMatchObject({ metadata: { patientId: third }, survivingPatientId: third, allergyIds: [allergy.id] });

    // And in identity's own order, the later merge takes along what the earlier one brought.
    const fourth = await records.newPatient();
    await records.identity.merge(third, fourth);
    await records.untilPatientIs(third, 'superseded');
    expect(await idsOf(`/allergies?patientId=${fourth}`)).toEqual([allergy.id]);
  });
});
