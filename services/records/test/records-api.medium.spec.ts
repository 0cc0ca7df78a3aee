import { isoDateToEpochDays } from '@care-events/domain-primitives';
import { asPatient, asStaff, ClinicalServiceHarness, Json } from '@care-events/local-platform';
import { RecordsModule } from '../src/records.module';
import { allergyBody, conditionBody, encounterBody, expectCall, TOPIC, typeOf, valueOf } from './records-fixtures';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('records service on the real broker, registry, PostgreSQL and identity', () => {
  let records: ClinicalServiceHarness;
  let patientId: string;

  beforeAll(async () => {
    records = await ClinicalServiceHarness.start('records', RecordsModule, { topic: TOPIC });
    patientId = await records.newPatient();
  });

  afterAll(async () => {
    await records?.stop();
  });

  const rowsAndOutbox = async () => ({
    allergies: await records.count('allergy'),
    conditions: await records.count('condition'),
    encounters: await records.count('encounter'),
    outbox: await records.count('outbox_message'),
  });

  it('records an allergy: committed row, and AllergyRecorded keyed by the patient with every contract field', async () => {
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(patientId), await asStaff({ userId: 'G8123456', odsCode: 'A81001' }));
    expect(allergy).toMatchObject({ patientId, type: 'allergy', severity: 'moderate', clinicalStatus: 'active', enteredInError: false });
    expect(allergy.recordedBy.odsCode).toBe('A81001');
    const row = await records.db.query('select patient_id, clinical_status, onset_date::text from allergy where id = $1', [allergy.id]);
    expect(row.rows).toEqual([{ patient_id: patientId, clinical_status: 'active', onset_date: '2001-04-01' }]);

    const [message] = await records.tap.waitFor((m) => m.key === patientId && valueOf(m).allergyId === allergy.id);
    expect(message.headers).toMatchObject({
      ce_type: 'care.events.records.AllergyRecorded',
      ce_subject: patientId,
      ce_source: '/services/records',
      'content-type': 'application/avro',
    });
    expect(valueOf(message)).toEqual({
      metadata: expect.objectContaining({ patientId, correlationId: 'corr-records', actor: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' } }),
      allergyId: allergy.id,
      substance: { conceptId: '91936005', term: 'Allergy to penicillin' },
      type: 'ALLERGY',
      reaction: { manifestation: { conceptId: '126485001', term: 'Urticaria' }, description: 'Hives within an hour' },
      severity: 'MODERATE',
      criticality: 'UNABLE_TO_ASSESS',
      verificationStatus: 'CONFIRMED',
      recordedBy: { practitionerId: 'G8123456', name: 'Dr A Ash', odsCode: 'A81001' },
      onsetDate: isoDateToEpochDays('2001-04-01'),
    });
  });

  it('enters an allergy in error once (then 409), publishing AllergyEnteredInError, and lists it only when asked', async () => {
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(patientId, { type: 'intolerance', reaction: undefined }));
    const withdrawn = await expectCall(records, 200, 'POST', `/allergies/${allergy.id}/entered-in-error`, { reason: 'wrong patient' });
    expect(withdrawn).toMatchObject({ clinicalStatus: null, enteredInError: true, enteredInErrorReason: 'wrong patient' });
    const again = await expectCall(records, 409, 'POST', `/allergies/${allergy.id}/entered-in-error`, { reason: 'again' });
    expect(again).toMatchObject({ error: 'ALLERGY_ENTERED_IN_ERROR', allergyId: allergy.id });

    const [event] = await records.tap.waitFor((m) => m.key === patientId && typeOf(m) === 'AllergyEnteredInError');
    expect(valueOf(event)).toMatchObject({ allergyId: allergy.id, substance: { conceptId: '91936005' }, reason: 'wrong patient' });
    const ids = (list: Json[]) => list.map((a) => a.id);
    expect(ids(await expectCall(records, 200, 'GET', `/allergies?patientId=${patientId}`))).not.toContain(allergy.id);
    expect(ids(await expectCall(records, 200, 'GET', `/allergies?patientId=${patientId}&includeEnteredInError=true`))).toContain(allergy.id);
    expect(await expectCall(records, 200, 'GET', `/allergies/${allergy.id}`)).toMatchObject({ enteredInError: true });
  });

  it('records and resolves a condition once, refusing a resolution before the onset', async () => {
    const condition = await expectCall(records, 201, 'POST', '/conditions', conditionBody(patientId));
    expect(condition.clinicalStatus).toBe('active');
    const early = await expectCall(records, 400, 'POST', `/conditions/${condition.id}/resolve`, { resolvedDate: '2020-02-29' });
    expect(early.message).toEqual(['resolvedDate: must not be before onsetDate 2020-03-01']);
    const resolved = await expectCall(records, 200, 'POST', `/conditions/${condition.id}/resolve`, { resolvedDate: '2026-11-01', note: 'on diet' });
    expect(resolved).toMatchObject({ clinicalStatus: 'resolved', resolvedDate: '2026-11-01', resolutionNote: 'on diet' });
    expect((await expectCall(records, 409, 'POST', `/conditions/${condition.id}/resolve`, { resolvedDate: '2026-11-02' })).error).toBe('CONDITION_RESOLVED');

    const events = await records.tap.waitFor((m) => m.key === patientId && valueOf(m).conditionId === condition.id, 2);
    expect(events.map(typeOf)).toEqual(['ConditionRecorded', 'ConditionResolved']);
    expect(valueOf(events[0])).toMatchObject({ clinicalStatus: 'ACTIVE', onsetDate: isoDateToEpochDays('2020-03-01'), code: { conceptId: '38341003' } });
    expect(valueOf(events[1])).toMatchObject({ resolvedDate: isoDateToEpochDays('2026-11-01') });
    expect((await expectCall(records, 200, 'GET', `/conditions?patientId=${patientId}`)).map((c: Json) => c.id)).toContain(condition.id);
  });

  it('starts and ends an encounter once; the events occur at startedAt and endedAt', async () => {
    const encounter = await expectCall(records, 201, 'POST', '/encounters', encounterBody(patientId));
    expect(encounter).toMatchObject({ odsCode: 'RX9', startedAt: '2026-11-20T09:30:00.000Z', endedAt: null });
    const ended = await expectCall(records, 200, 'POST', `/encounters/${encounter.id}/end`, { endedAt: '2026-11-20T13:05:00+00:00' });
    expect(ended.endedAt).toBe('2026-11-20T13:05:00.000Z');
    expect((await expectCall(records, 409, 'POST', `/encounters/${encounter.id}/end`, { endedAt: '2026-11-20T14:00:00Z' })).error).toBe('ENCOUNTER_ENDED');

    const [started, finished] = await records.tap.waitFor((m) => m.key === patientId && valueOf(m).encounterId === encounter.id, 2);
    expect(valueOf(started)).toMatchObject({ setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RX9', reason: { conceptId: '22298006' } });
    expect(valueOf(started).metadata.occurredAt).toBe(Date.parse('2026-11-20T09:30:00Z'));
    expect(valueOf(finished)).toMatchObject({ startedAt: Date.parse('2026-11-20T09:30:00Z'), endedAt: Date.parse('2026-11-20T13:05:00Z') });
    expect(valueOf(finished).metadata.occurredAt).toBe(Date.parse('2026-11-20T13:05:00Z'));
  });

  it('records an encounter already over with EncounterStarted and EncounterEnded from one transaction', async () => {
    const encounter = await expectCall(records, 201, 'POST', '/encounters', encounterBody(patientId, { setting: 'general-practice', endedAt: '2026-11-20T09:40:00Z' }));
    const outbox = await records.db.query('select event_type from outbox_message where payload->>\'encounterId\' = $1 order by id', [encounter.id]);
    expect(outbox.rows.map((row) => row.event_type)).toEqual(['care.events.records.EncounterStarted', 'care.events.records.EncounterEnded']);
    const events = await records.tap.waitFor((m) => m.key === patientId && valueOf(m).encounterId === encounter.id, 2);
    expect(events.map(typeOf)).toEqual(['EncounterStarted', 'EncounterEnded']);
  });

  it('refuses bad input with a 400 naming each field, and writes and publishes nothing', async () => {
    const before = await rowsAndOutbox();
    const allergy = await expectCall(records, 400, 'POST', '/allergies', allergyBody(patientId, {
      substance: { conceptId: '91936006', term: 'Allergy to penicillin' },
      reaction: { manifestation: { conceptId: '91936015', term: 'Urticaria' } },
      severity: 'fatal',
      recordedBy: { practitionerId: 'G8123456', odsCode: 'A!' },
      onsetDate: '2001-02-30',
    }));
    expect(allergy.message).toEqual(expect.arrayContaining([
      'substance.conceptId: Verhoeff check digit does not match',
      'reaction.manifestation.conceptId: partition identifier 01 is not a concept',
      'severity: must be one of mild, moderate, severe',
      'recordedBy.odsCode: must be an ODS code of 3 to 8 letters and digits',
      'onsetDate: must be a date as YYYY-MM-DD',
    ]));
    const missing = await expectCall(records, 400, 'POST', '/conditions', { patientId, recordedBy: null });
    expect(missing.message).toEqual(expect.arrayContaining(['code: must be an object', 'recordedBy: must be an object']));
    const future = await expectCall(records, 400, 'POST', '/conditions', conditionBody(patientId, { onsetDate: '2999-01-01' }));
    expect(future).toMatchObject({ error: 'INVALID_DATE', field: 'onsetDate' });
    const backwards = await expectCall(records, 400, 'POST', '/encounters', encounterBody(patientId, { endedAt: '2026-11-20T09:29:59Z' }));
    expect(backwards).toMatchObject({ error: 'INVALID_DATE', field: 'endedAt' });
    expect(backwards.message).toEqual([expect.stringMatching(/^endedAt: must not be before startedAt/)]);
    const notInstant = await expectCall(records, 400, 'POST', '/encounters', encounterBody(patientId, { startedAt: '2026-11-20 09:30' }));
    expect(notInstant.message).toEqual(['startedAt: must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z']);

    const open = await expectCall(records, 201, 'POST', '/encounters', encounterBody(patientId));
    const earlyEnd = await expectCall(records, 400, 'POST', `/encounters/${open.id}/end`, { endedAt: '2026-11-20T08:00:00Z' });
    expect(earlyEnd.field).toBe('endedAt');
    const kept = await expectCall(records, 201, 'POST', '/allergies', allergyBody(patientId));
    const noReason = await expectCall(records, 400, 'POST', `/allergies/${kept.id}/entered-in-error`, {});
    expect(noReason.message).toEqual(expect.arrayContaining(['reason: must not be blank']));
    const blank = await expectCall(records, 400, 'POST', `/allergies/${kept.id}/entered-in-error`, { reason: '  ' });
    expect(blank.message).toEqual(['reason: must not be blank']);

    // Only the two valid records above (and their events) were written.
    const after = await rowsAndOutbox();
    expect(after).toEqual({ ...before, allergies: before.allergies + 1, encounters: before.encounters + 1, outbox: before.outbox + 2 });
    expect((await expectCall(records, 200, 'GET', `/encounters/${open.id}`)).endedAt).toBeNull();
    expect((await expectCall(records, 200, 'GET', `/allergies/${kept.id}`)).enteredInError).toBe(false);
  });

  it('answers 404 for a patient identity does not know and for unknown record ids', async () => {
    const before = await rowsAndOutbox();
    expect((await expectCall(records, 404, 'POST', '/allergies', allergyBody(UNKNOWN_ID))).error).toBe('PATIENT_UNKNOWN');
    expect((await expectCall(records, 404, 'POST', '/conditions', conditionBody(UNKNOWN_ID))).error).toBe('PATIENT_UNKNOWN');
    expect((await expectCall(records, 404, 'POST', '/encounters', encounterBody(UNKNOWN_ID))).error).toBe('PATIENT_UNKNOWN');
    expect((await expectCall(records, 404, 'POST', `/allergies/${UNKNOWN_ID}/entered-in-error`, { reason: 'x' })).error).toBe('ALLERGY_NOT_FOUND');
    expect((await expectCall(records, 404, 'POST', `/conditions/${UNKNOWN_ID}/resolve`, { resolvedDate: '2026-01-01' })).error).toBe('CONDITION_NOT_FOUND');
    expect((await expectCall(records, 404, 'GET', `/encounters/${UNKNOWN_ID}`)).error).toBe('ENCOUNTER_NOT_FOUND');
    expect((await expectCall(records, 400, 'GET', '/allergies/not-a-uuid')).message).toEqual(['id: must be a UUID']);
    expect(await rowsAndOutbox()).toEqual(before);
  });

  it('takes a patient or record id written in upper case as the same id, in bodies, queries and paths', async () => {
    const upper = patientId.toUpperCase();
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(upper));
    expect(allergy.patientId).toBe(patientId);
    const [event] = await records.tap.waitFor((m) => valueOf(m).allergyId === allergy.id);
    expect(event.key).toBe(patientId);
    expect((await expectCall(records, 200, 'GET', `/allergies?patientId=${upper}`)).map((a: Json) => a.id)).toContain(allergy.id);
    expect((await expectCall(records, 200, 'GET', `/allergies/${allergy.id.toUpperCase()}`)).id).toBe(allergy.id);
    await expectCall(records, 200, 'POST', `/allergies/${allergy.id.toUpperCase()}/entered-in-error`, { reason: 'Recorded twice' });
    expect((await expectCall(records, 201, 'POST', '/conditions', conditionBody(upper))).patientId).toBe(patientId);
  });

  it('keeps accepting clinical records after the patient died (post-mortem findings)', async () => {
    const deceased = await records.newPatient();
    await records.identity.recordDeath(deceased, '2026-11-01');
    await records.untilPatientIs(deceased, 'deceased');
    await expectCall(records, 201, 'POST', '/conditions', conditionBody(deceased, { onsetDate: '2026-10-30' }));
    const [event] = await records.eventsOf(deceased);
    expect(typeOf(event)).toBe('ConditionRecorded');
  });

  it('lets only those the access rules allow read a patient\'s records, and audits each read in the outbox', async () => {
    const nhsNumber = records.identity.newNhsNumber();
    const patient = await records.identity.register({ nhsNumber });
    await records.untilPatientIs(patient, 'active');
    const allergy = await expectCall(records, 201, 'POST', '/allergies', allergyBody(patient));
    const condition = await expectCall(records, 201, 'POST', '/conditions', conditionBody(patient));
    const stranger = await asStaff({ odsCode: 'B82002' });
    for (const path of [`/allergies?patientId=${patient}`, `/allergies/${allergy.id}`, `/conditions?patientId=${patient}`, `/conditions/${condition.id}`, `/encounters?patientId=${patient}`]) {
      expect(await records.call('GET', path, undefined, stranger)).toMatchObject({ status: 403, body: { message: expect.stringMatching(/^no active care relationship between B82002/) } });
    }
    const me = await asPatient(nhsNumber);
    expect(await records.call('GET', `/allergies/${allergy.id}`, undefined, me)).toMatchObject({ status: 200, body: { id: allergy.id } });
    expect(await records.call('GET', `/allergies?patientId=${patientId}`, undefined, me)).toMatchObject({ status: 403, body: { message: 'a patient may read only their own record' } });
    const audited = await records.db.query(
      `select payload->>'what' as what, payload->>'outcome' as outcome from outbox_message where event_type = 'care.events.audit.PatientDataAccessed' and message_key = $1 order by id`,
      [patient],
    );
    expect(audited.rows.map((row) => `${row.what} ${row.outcome}`)).toEqual([
      'records:allergies DENIED', 'records:allergy DENIED', 'records:conditions DENIED', 'records:condition DENIED', 'records:encounters DENIED', 'records:allergy ALLOWED',
    ]);
  });

  it('serves its OpenAPI document with every route', async () => {
    const openapi = await expectCall(records, 200, 'GET', '/openapi.json');
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining([
      '/allergies', '/allergies/{id}', '/allergies/{id}/entered-in-error',
      '/conditions', '/conditions/{id}', '/conditions/{id}/resolve',
      '/encounters', '/encounters/{id}', '/encounters/{id}/end',
    ]));
  });
});
