import { randomUUID } from 'node:crypto';
import { asStaff, callService, nhsNumbers, ServiceUnderTest } from '@care-events/local-platform';
import { DataSource } from 'typeorm';
import { RecordsEventType } from '@care-events/contracts';
import { eventually } from '@care-events/local-platform';
import { Pseudonymiser } from '../src/domain/pseudonymiser';
import {
  asAdministrator, clinicalEventBy, keysEnv, loadList, newKey, patient, provisionFeeds, randomClinicalEvent, registration, removeFeeds, send, startAnalytics, testRecipients,
} from './analytics-fixtures';

describe('loading opt-out lists over HTTP', () => {
  const { recipients, file, r1, r2 } = testRecipients(1);
  const r1Key = newKey();
  let service: ServiceUnderTest;

  beforeAll(async () => {
    await provisionFeeds(recipients);
    service = await startAnalytics(file, keysEnv({ [r1]: { 1: r1Key }, [r2]: { 1: newKey() } }));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await removeFeeds(recipients);
  });

  const post = async (path: string, body?: unknown, headers?: Record<string, string>) => callService(service.url, 'POST', path, body, headers ?? (await asAdministrator()));

  it('takes a list too large for one request in staged parts, and makes it the list only when complete', async () => {
    const next = nhsNumbers();
    const numbers = Array.from({ length: 12_000 }, () => next());
    const checkedAt = new Date().toISOString();
    expect((await post('/opt-out-lists/national', { checkedAt, nhsNumbers: numbers })).status).toBe(413);
    const { body: staged } = await post('/opt-out-lists/national/loads', { checkedAt });
    for (let at = 0; at < numbers.length; at += 5_000) {
      expect((await post(`/opt-out-lists/loads/${staged.loadId}/entries`, { nhsNumbers: numbers.slice(at, at + 5_000) })).status).toBe(200);
    }
    const before = await callService(service.url, 'GET', '/analytics/status');
    expect(before.body.feed.lists.national).toBeNull();
    const completed = await post(`/opt-out-lists/loads/${staged.loadId}/complete`);
    expect(completed).toMatchObject({ status: 200, body: { kind: 'national', checkedAt, entries: 12_000 } });
    const after = await callService(service.url, 'GET', '/analytics/status');
    expect(after.body.feed.lists.national).toMatchObject({ checkedAt, entries: 12_000, stale: false });
    expect((await post(`/opt-out-lists/loads/${staged.loadId}/complete`)).status).toBe(404);
  });

  it('drops the GP-sourced records of a patient with type 1 dissent, and only those', async () => {
    const t = patient('1975-05-05');
    const db = service.app.get(DataSource);
    const [registered] = await send([registration(t, new Date(Date.now() - 3_600_000))]);
    await eventually('T known', async () => (await db.query('select 1 from inbox_message where event_id = $1', [registered])).length === 1, 60_000);
    await loadList(service.url, 'national', [t], new Date());
    await loadList(service.url, 'type1', [], new Date());
    const sent = await send([clinicalEventBy(RecordsEventType.AllergyRecorded, t.patientId, 'A81001'), clinicalEventBy(RecordsEventType.AllergyRecorded, t.patientId, 'RX9')]);
    await eventually('both handled', async () => (await db.query('select 1 from inbox_message where event_id = any($1)', [sent])).length === 2, 60_000);
    // Only the hospital's record left, and the GP's was dropped, not held. (Other tests' patients reach this service
    // through the shared topics too, but are not on its list: nothing of theirs is sent.)
    const sentIds = (await db.query('select payload from outbox_message where topic = $1', [`analytics.${r1}.allergy.v1`])).map((row: { payload: { eventId: string } }) => row.payload.eventId);
    expect(sentIds).toEqual([new Pseudonymiser(r1, new Map([[1, r1Key]])).eventId(sent[1])]);
    expect(await db.query('select 1 from held_record where patient_id = $1', [t.patientId])).toEqual([]);
  });

  it('decides a record that arrives during a load by the list the load makes, not by the one it replaces', async () => {
    const db = service.app.get(DataSource);
    const u = patient('1981-01-01');
    await loadList(service.url, 'national', [], new Date(Date.now() - 60_000));
    const [registered] = await send([registration(u, new Date())]);
    await eventually('U known', async () => (await db.query('select 1 from inbox_message where event_id = $1', [registered])).length === 1, 60_000);
    // A load in progress: it holds the national list's lock until it commits, and its release pass is over.
    const load = db.createQueryRunner();
    await load.connect();
    await load.startTransaction();
    try {
      await load.query(`select pg_advisory_xact_lock(hashtext('opt-out-list:national'))`);
      const [arrived] = await send([randomClinicalEvent(RecordsEventType.ConditionRecorded, u.patientId)]);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await db.query('select 1 from inbox_message where event_id = $1', [arrived])).toEqual([]);
      await load.query(`insert into opt_out_entry (kind, nhs_number) values ('national', $1)`, [u.nhsNumber]);
      await load.query(`update opt_out_list set checked_at = now() where kind = 'national'`);
      await load.commitTransaction();
      await eventually('the condition handled', async () => (await db.query('select 1 from inbox_message where event_id = $1', [arrived])).length === 1, 60_000);
    } finally {
      if (load.isTransactionActive) await load.rollbackTransaction();
      await load.release();
    }
    const [emitted] = await db.query(`select count::int as n from feed_count where recipient = $1 and outcome = 'emitted' and record_type = 'condition'`, [r1]);
    expect({ emitted: emitted?.n, held: (await db.query('select 1 from held_record where patient_id = $1', [u.patientId])).length }).toEqual({ emitted: 1, held: 0 });
  });

  it.each([
    ['a clinician', async () => asStaff({ role: 'clinician' }), '/opt-out-lists/national', { checkedAt: new Date().toISOString(), nhsNumbers: [] }, 403, undefined],
    // The caller is refused before the body is read: a clinician learns nothing of what a load must hold.
    ['a clinician, whatever the body', async () => asStaff({ role: 'clinician' }), '/opt-out-lists/national', { nhsNumbers: ['9434765918'] }, 403, undefined],
    ['an invalid NHS number', asAdministrator, '/opt-out-lists/national', { checkedAt: new Date().toISOString(), nhsNumbers: ['9434765919', '9434765918'] }, 400, ['nhsNumbers: element 1: check digit does not match']],
    ['a check time in the future', asAdministrator, '/opt-out-lists/type1', { checkedAt: new Date(Date.now() + 3_600_000).toISOString(), nhsNumbers: [] }, 400, ['checkedAt: must not be in the future']],
    ['a staged load checked in the future', asAdministrator, '/opt-out-lists/type1/loads', { checkedAt: new Date(Date.now() + 3_600_000).toISOString() }, 400, ['checkedAt: must not be in the future']],
    ['a check time that is no time', asAdministrator, '/opt-out-lists/national/loads', { checkedAt: 'last Tuesday' }, 400, ['checkedAt: must be when the national service checked the list (ISO 8601)']],
    ['an unknown list', asAdministrator, '/opt-out-lists/type2', { checkedAt: new Date().toISOString(), nhsNumbers: [] }, 400, ['kind: must be one of national, type1']],
    ['a missing list', asAdministrator, '/opt-out-lists/national', { checkedAt: new Date().toISOString() }, 400, ['nhsNumbers: must be an array', 'nhsNumbers: must be a list of NHS numbers']],
    ['a number where an NHS number belongs', asAdministrator, '/opt-out-lists/national', { checkedAt: new Date().toISOString(), nhsNumbers: [9434765919] }, 400, ['nhsNumbers: element 0: must be a string']],
    ['an unknown field', asAdministrator, '/opt-out-lists/national/loads', { checkedAt: new Date().toISOString(), kind: 'national' }, 400, ['kind: is not a known field']],
    ['a part of a load that is no UUID', asAdministrator, '/opt-out-lists/loads/1/entries', { nhsNumbers: [] }, 400, ['loadId: must be a staged load id (UUID)']],
    ['a part of no staged load', asAdministrator, `/opt-out-lists/loads/${randomUUID()}/entries`, { nhsNumbers: [] }, 404, undefined],
  ])('refuses %s', async (_, caller, path, body, status, message) => {
    const answer = await post(path, body, await caller());
    expect(answer.status).toBe(status);
    if (message) expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message, problems: message.map((line) => ({ field: line.split(': ')[0], reason: line.slice(line.indexOf(': ') + 2) })) });
  });

  it('writes nothing of a refused load or part', async () => {
    const next = nhsNumbers();
    const listed = [next(), next()];
    const checkedAt = new Date(Date.now() - 120_000).toISOString();
    await post('/opt-out-lists/type1', { checkedAt, nhsNumbers: listed });
    const refused = await post('/opt-out-lists/type1', { checkedAt: new Date().toISOString(), nhsNumbers: [next(), next(), '9434765918'] });
    expect(refused.body.message).toEqual(['nhsNumbers: element 2: check digit does not match']);
    expect((await callService(service.url, 'GET', '/analytics/status')).body.feed.lists.type1).toMatchObject({ checkedAt, entries: 2 });

    const { body: staged } = await post('/opt-out-lists/type1/loads', { checkedAt: new Date().toISOString() });
    expect((await post(`/opt-out-lists/loads/${staged.loadId}/entries`, { nhsNumbers: [next(), '12345'] })).body.message).toEqual(['nhsNumbers: element 1: must be 10 digits']);
    expect((await post(`/opt-out-lists/loads/${staged.loadId}/entries`, { nhsNumbers: [next()] })).status).toBe(200);
    expect((await post(`/opt-out-lists/loads/${staged.loadId}/complete`)).body).toMatchObject({ kind: 'type1', entries: 1 });
  });
});
