import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { asPatient, asStaff, callService, CallHeaders, eventually, ServiceUnderTest } from '@care-events/local-platform';
import { createKafka } from '@care-events/messaging';
import {
  asAdministrator, careSettingTopic, copiesArrived, DomainEventPublisher, events, freshOdsCode, numbering, PRESCRIBED, REGISTERED, ROUTED_TYPES, startRouter,
  tapTopics,
} from './routing-fixtures';

describe('care-router subscriptions on the real broker, registry and PostgreSQL', () => {
  let router: ServiceUnderTest;
  let db: DataSource;
  const publisher = new DomainEventPublisher();
  const admin = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'care-router-test-admin' }).admin();

  beforeAll(async () => {
    router = await startRouter();
    db = router.app.get(DataSource);
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await publisher.close();
    await router?.stop();
  });

  const call = (method: string, path: string, body?: unknown, headers: CallHeaders = {}) => callService(router.url, method, path, body, headers);
  /** As a member of the setting's staff (the GP of the test suites). */
  const request = async (odsCode: string, overrides: object = {}) =>
    call('POST', '/subscriptions', { odsCode, settingType: 'GP_PRACTICE', eventTypes: [REGISTERED, PRESCRIBED], ...overrides }, await asStaff());
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);
  const handled = (eventIds: string[]) =>
    eventually('the router handling the events', async () => Number((await db.query('select count(*) as n from inbox_message where event_id = any($1)', [eventIds]))[0].n) === eventIds.length);
  const transitions = async (id: string) =>
    db.query('select action, from_status, to_status, actor, at from subscription_transition where subscription_id = $1 order by id', [id]) as Promise<
      Array<{ action: string; from_status: string | null; to_status: string; actor: Record<string, unknown>; at: Date }>
    >;
  const topicExists = async (topic: string) => (await admin.listTopics()).includes(topic);

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const before = await count('care_subscription');
    const cases: Array<[object, string]> = [
      [{ odsCode: 'not an ods code!' }, 'odsCode'],
      [{ odsCode: undefined }, 'odsCode'],
      [{ settingType: 'CAFE' }, 'settingType'],
      [{ eventTypes: [] }, 'eventTypes'],
      [{ eventTypes: 'care.events.identity.PatientRegistered' }, 'eventTypes'],
      [{ eventTypes: ['care.events.identity.PatientTeleported'] }, 'eventTypes'],
      [{ eventTypes: ['care.events.carerouter.CareRelationshipStarted'] }, 'eventTypes'],
      [{ eventTypes: [REGISTERED, REGISTERED] }, 'eventTypes'],
      [{ colour: 'blue' }, 'colour'],
    ];
    for (const [overrides, field] of cases) {
      const answer = await request(freshOdsCode(), overrides);
      expect({ overrides, status: answer.status }).toEqual({ overrides, status: 400 });
      expect(answer.body.message.join(' ')).toContain(`${field}:`);
    }
    expect((await call('GET', '/subscriptions/not-a-uuid')).status).toBe(400);
    expect((await call('GET', '/subscriptions?odsCode=!!')).status).toBe(400);
    expect(await count('care_subscription')).toBe(before);
    expect(await count('subscription_transition')).toBe(0);
  });

  it('keeps a requested subscription from every event until an administrator activates it; the topic then exists and history is not replayed', async () => {
    const odsCode = freshOdsCode();
    const requested = await request(odsCode.toLowerCase());
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      odsCode, settingType: 'GP_PRACTICE', status: 'REQUESTED', topic: careSettingTopic(odsCode), lastEventNumber: 0, pausedBacklog: 0,
      requestedBy: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001', role: 'clinician' }, activatedAt: null,
    });
    const id = requested.body.id;

    const patientId = randomUUID();
    const before = [events.registered(patientId, odsCode), events.prescribed(patientId, odsCode)];
    await publisher.publish(before);
    await handled(before.map((e) => e.eventId));
    expect(await topicExists(careSettingTopic(odsCode))).toBe(false);
    expect(Number((await db.query('select count(*) as n from outbox_message where topic = $1', [careSettingTopic(odsCode)]))[0].n)).toBe(0);
    expect((await call('GET', `/subscriptions/${id}`)).body).toMatchObject({ status: 'REQUESTED', lastEventNumber: 0, pausedBacklog: 0 });

    // The default test caller is a system that may write patient data but administers nothing; an X-Actor-Role header counts for nothing.
    const notAdministrators: CallHeaders[] = [{}, { ...(await asStaff()), 'x-actor-role': 'administrator' }];
    for (const headers of notAdministrators) {
      const refused = await call('POST', `/subscriptions/${id}/activate`, undefined, headers);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'NOT_AN_ADMINISTRATOR', message: 'activating a subscription needs a staff token whose selected role is administrator' });
    }
    expect((await call('POST', `/subscriptions/${id}/activate`, undefined, await asPatient('9990000018'))).status).toBe(403);
    expect(await topicExists(careSettingTopic(odsCode))).toBe(false);

    const activated = await call('POST', `/subscriptions/${id}/activate`, undefined, await asAdministrator());
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'ACTIVE', activatedBy: { type: 'PRACTITIONER', id: 'ADM0001', odsCode: 'X26', role: 'administrator' } });
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [careSettingTopic(odsCode)] })).topics;
    expect(metadata.partitions).toHaveLength(1);

    const after = events.prescribed(patientId, odsCode);
    await publisher.publish([after]);
    const tap = await tapTopics([careSettingTopic(odsCode)]);
    try {
      const copies = await copiesArrived(tap, careSettingTopic(odsCode), 1);
      expect(numbering(copies).eventIds).toEqual([after.eventId]);
      expect(copies[0].headers).toMatchObject({ ce_subscriptionid: id, ce_eventnumber: '1' });
    } finally {
      await tap.stop();
    }
    expect((await transitions(id)).map((t) => [t.action, t.from_status, t.to_status, t.actor.id])).toEqual([
      ['request', null, 'REQUESTED', 'G8123456'],
      ['activate', 'REQUESTED', 'ACTIVE', 'ADM0001'],
    ]);
  });

  it('allows one subscription per ODS code until it ends, and refuses illegal transitions with 409', async () => {
    const odsCode = freshOdsCode();
    const first = (await request(odsCode)).body.id;
    const duplicate = await request(odsCode, { settingType: 'HOSPITAL' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: 'ODS_CODE_ALREADY_SUBSCRIBED', subscriptionId: first, status: 'REQUESTED' });

    const step = async (action: string, status: number, headers?: CallHeaders) => {
      const answer = await call('POST', `/subscriptions/${first}/${action}`, undefined, headers ?? (await asAdministrator()));
      expect({ action, status: answer.status }).toEqual({ action, status });
      return answer.body;
    };
    await step('pause', 409);
    await step('resume', 409);
    await step('activate', 200, await asAdministrator('ADM0002'));
    expect((await step('activate', 409)).error).toBe('ILLEGAL_SUBSCRIPTION_TRANSITION');
    await step('resume', 409);
    expect((await step('pause', 403, await asStaff())).error).toBe('NOT_AN_ADMINISTRATOR');
    expect((await step('pause', 200)).status).toBe('PAUSED');
    await step('pause', 409);
    expect((await step('resume', 200)).status).toBe('ACTIVE');
    expect((await step('end', 200, await asAdministrator('ADM0003'))).status).toBe('ENDED');
    for (const action of ['activate', 'pause', 'resume', 'end']) await step(action, 409);

    const ended = (await call('GET', `/subscriptions/${first}`)).body;
    expect(ended).toMatchObject({ status: 'ENDED', activatedBy: { id: 'ADM0002' }, endedBy: { id: 'ADM0003' }, pausedBy: { id: 'ADM0001' }, resumedBy: { id: 'ADM0001' } });
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.resumedAt));
    expect((await transitions(first)).map((t) => t.action)).toEqual(['request', 'activate', 'pause', 'resume', 'end']);

    const next = await request(odsCode);
    expect(next.status).toBe(201);
    const listed = (await call('GET', `/subscriptions?odsCode=${odsCode.toLowerCase()}`)).body;
    expect(listed.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[first, 'ENDED'], [next.body.id, 'REQUESTED']]);
    expect((await call('GET', `/subscriptions/${randomUUID()}`)).status).toBe(404);
    expect((await call('POST', `/subscriptions/${randomUUID()}/pause`, undefined, await asAdministrator())).status).toBe(404);
  });

  it('answers 503 and stays REQUESTED when the topic cannot be provisioned', async () => {
    const odsCode = freshOdsCode();
    const id = (await request(odsCode)).body.id;
    // A topic created by hand with several partitions: copies would not stay in event-number order.
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: careSettingTopic(odsCode), numPartitions: 3, replicationFactor: 1 }] });
    const refused = await call('POST', `/subscriptions/${id}/activate`, undefined, await asAdministrator());
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('TOPIC_NOT_PROVISIONED');
    expect(refused.body.message).toContain(careSettingTopic(odsCode));
    expect((await call('GET', `/subscriptions/${id}`)).body).toMatchObject({ status: 'REQUESTED', activatedAt: null });
    expect((await transitions(id)).map((t) => t.action)).toEqual(['request']);
  });

  it('lists every event type a subscription may name', async () => {
    const answer = await request(freshOdsCode(), { eventTypes: ROUTED_TYPES, settingType: 'AMBULANCE_SERVICE' });
    expect(answer.status).toBe(201);
    expect(answer.body.eventTypes).toEqual(ROUTED_TYPES);
  });
});
