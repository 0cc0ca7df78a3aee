import type { Bundle, Parameters } from '@medplum/fhirtypes';
import { Client } from 'pg';
import { asStaff, eventually, ServiceUnderTest } from '@care-events/local-platform';
import { asAdministrator, DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';
import { SettingFeed, UNKNOWN_SCHEMA_VALUE } from './setting-feed';

const statusParameters = (bundle: Bundle) =>
  Object.fromEntries(((bundle.entry?.[0].resource as Parameters).parameter ?? []).filter((p) => p.name !== 'subscription').map((p) => [p.name, p.valueCode ?? p.valueString ?? p.valueCodeableConcept?.text]));

describe('an event that cannot be delivered blocks its endpoint until an administrator skips it, on the record', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let db: Client;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery } = await world.inProcess());
    db = new Client({ connectionString: delivery.database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await delivery?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await world?.stop();
  });

  async function blockedEndpoint(feed: SettingFeed): Promise<{ id: string; receiver: Receiver }> {
    const receiver = await Receiver.start('id-only');
    receivers.push(receiver);
    const { id } = await world.register(feed, receiver, { format: 'fhir-backport' });
    await eventually('the endpoint blocks', async () => (await world.asSetting(feed, 'GET', `/endpoints/${id}`)).body.status === 'error');
    return { id, receiver };
  }

  it('an undecodable copy at #4: error with the reason in $status; a clinician may not skip; the administrator\'s skip is recorded and 5.. follow', async () => {
    const feed = await world.setting();
    await feed.publishRange(1, 3);
    await feed.publish([{ number: 4, value: UNKNOWN_SCHEMA_VALUE }]);
    await feed.publishRange(5, 7);
    const { id, receiver } = await blockedEndpoint(feed);

    expect(receiver.acknowledged()).toEqual([1, 2, 3]);
    const view = (await world.asSetting(feed, 'GET', `/endpoints/${id}`)).body;
    expect(view).toMatchObject({ status: 'error', cursor: { lastAcknowledgedNumber: 3 }, blocked: { eventNumber: 4 } });
    expect(view.blocked.reason).toMatch(/^event 4 \(.+\) cannot be decoded/);
    const status = statusParameters((await world.asSetting(feed, 'GET', `/fhir/Subscription/${id}/$status`)).body);
    expect(status).toMatchObject({ status: 'error', 'last-acknowledged-event-number': '3', 'blocked-event-number': '4', error: view.blocked.reason });

    const byClinician = await world.asSetting(feed, 'POST', `/endpoints/${id}/skip`, { eventNumber: 4, reason: 'unreadable' });
    expect([byClinician.status, byClinician.body.message]).toEqual([403, 'only a member of staff whose selected role is administrator may skip events of an endpoint']);
    const administrator = await asAdministrator();
    const wrongNumber = await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 5, reason: 'unreadable' }, administrator);
    expect([wrongNumber.status, wrongNumber.body.message]).toEqual([409, 'eventNumber: the next event number not yet delivered is 4, not 5']);
    const backwards = await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 4, throughNumber: 3, reason: 'unreadable' }, administrator);
    expect([backwards.status, backwards.body.message]).toEqual([400, ['throughNumber: must be at least eventNumber (4)']]);
    expect(receiver.acknowledged()).toEqual([1, 2, 3]);

    const skipped = await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 4, reason: 'Unreadable copy; the practice was told by phone' }, administrator);
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({
      status: 'active', blocked: null, cursor: { lastAcknowledgedNumber: 4 },
      skips: [{ eventNumber: 4, throughNumber: 4, reason: 'Unreadable copy; the practice was told by phone', actor: { type: 'PRACTITIONER', id: 'ADM0001', odsCode: 'X26', role: 'administrator' } }],
    });
    await receiver.waitFor('5..7', (r) => r.acknowledged().length === 6);
    expect(receiver.acknowledged()).toEqual([1, 2, 3, 5, 6, 7]);
    expect(receiver.arrivals.flatMap((a) => a.problems)).toEqual([]);

    const { rows: skips } = await db.query('select event_number, through_number, blocked_reason, reason, actor from delivery_skip where endpoint_id = $1', [id]);
    expect(skips).toEqual([{ event_number: '4', through_number: '4', blocked_reason: view.blocked.reason, reason: 'Unreadable copy; the practice was told by phone', actor: skipped.body.skips[0].actor }]);
    const { rows: transitions } = await db.query("select from_status, to_status, from_cursor, to_cursor, actor->>'id' as actor from endpoint_transition where endpoint_id = $1 and action = 'skip'", [id]);
    expect(transitions).toEqual([{ from_status: 'error', to_status: 'active', from_cursor: '3', to_cursor: '4', actor: 'ADM0001' }]);

    const notStuck = await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 8, reason: 'nothing there' }, administrator);
    expect([notStuck.status, notStuck.body.message]).toEqual([409, 'eventNumber: the endpoint is not blocked, paused or failing at 8; only such an event can be skipped']);
  });

  it('a gap (3 never written): blocked at 3, naming what was read instead; skipping 3 lets 4.. through', async () => {
    const feed = await world.setting();
    await feed.publishRange(1, 2);
    await feed.publishRange(4, 5);
    const { id, receiver } = await blockedEndpoint(feed);

    const view = (await world.asSetting(feed, 'GET', `/endpoints/${id}`)).body;
    expect(view.blocked.eventNumber).toBe(3);
    expect(view.blocked.reason).toMatch(/^gap: expected 3, read 4 at offset \d+/);
    expect(receiver.acknowledged()).toEqual([1, 2]);

    const skipped = await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 3, reason: 'never routed' }, await asAdministrator());
    expect(skipped.status).toBe(200);
    await receiver.waitFor('4 and 5', (r) => r.acknowledged().length === 4);
    expect(receiver.acknowledged()).toEqual([1, 2, 4, 5]);
    expect((await world.call('GET', `/endpoints/${id}`, undefined, await asStaff({ odsCode: feed.odsCode }))).body.skips).toHaveLength(1);
  });
});
