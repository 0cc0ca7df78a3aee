import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { callService, eventually, SeededRandom, ServiceUnderTest } from '@care-events/local-platform';
import { createKafka, TopicTap } from '@care-events/messaging';
import { CareWorld } from './care-world';
import {
  asAdministrator, careSettingTopic, copiesArrived, copiesOn, DomainEventPublisher, events, freshOdsCode, numbering, startRouter, subscribe, tapTopics,
} from './routing-fixtures';

describe('care-router routing on the real broker, registry and PostgreSQL', () => {
  let router: ServiceUnderTest;
  let db: DataSource;
  const publisher = new DomainEventPublisher();
  const taps: TopicTap[] = [];

  beforeAll(async () => {
    router = await startRouter();
    db = router.app.get(DataSource);
  });

  afterAll(async () => {
    for (const tap of taps) await tap.stop();
    await publisher.close();
    await router?.stop();
  });

  const tap = async (odsCodes: string[]) => {
    const opened = await tapTopics(odsCodes.map(careSettingTopic));
    taps.push(opened);
    return opened;
  };
  const handled = (eventIds: string[]) =>
    eventually('the router handling the events', async () => {
      const [row] = await db.query('select count(*)::int as n from inbox_message where event_id = any($1)', [eventIds]);
      if (row.n < eventIds.length) throw new Error(`${row.n} of ${eventIds.length} handled`);
      return true;
    }, 120_000);

  it('gives each related setting the original value bytes and headers, numbered 1..n, and an unrelated setting nothing', async () => {
    const [gp, pharmacy, unrelated] = [freshOdsCode('G'), freshOdsCode('P'), freshOdsCode('U')];
    const subscriptions = { gp: await subscribe(router.url, gp), pharmacy: await subscribe(router.url, pharmacy), unrelated: await subscribe(router.url, unrelated) };
    const patientId = randomUUID();
    const registered = events.registered(patientId, gp, pharmacy);
    await publisher.publish([registered]);
    await handled([registered.eventId]);
    // Three topics: the router keeps each topic's order, not an order across topics.
    const story = [events.allergyRecorded(patientId, gp), events.prescribed(patientId, gp), events.demographicsUpdated(patientId)];
    await publisher.publish(story);
    const copies = await tap([gp, pharmacy, unrelated]);

    const byId = new Map([registered, ...story].map((event) => [event.eventId, event]));
    for (const [odsCode, subscriptionId] of [[gp, subscriptions.gp], [pharmacy, subscriptions.pharmacy]]) {
      const arrived = await copiesArrived(copies, careSettingTopic(odsCode), byId.size);
      const proof = numbering(arrived);
      expect(proof).toMatchObject({ numbers: [1, 2, 3, 4], gapFree: true, conflicts: [], inNumberOrder: true });
      expect(proof.eventIds[0]).toBe(registered.eventId);
      expect(new Set(proof.eventIds)).toEqual(new Set(byId.keys()));
      for (const copy of arrived) {
        const original = byId.get(copy.headers.ce_id)!;
        const bytes = publisher.published.get(original.eventId)!;
        expect(copy.raw.equals(bytes)).toBe(true);
        expect(copy.raw.readUInt32BE(1)).toBe(bytes.readUInt32BE(1));
        expect(copy.key).toBe(patientId);
        expect(copy.partition).toBe(0);
        expect(copy.headers).toEqual({
          ce_specversion: '1.0', ce_id: original.eventId, ce_source: '/services/test', ce_type: original.type, ce_time: expect.any(String), ce_subject: patientId,
          'content-type': 'application/avro', ce_subscriptionid: subscriptionId, ce_eventnumber: expect.stringMatching(/^[1-4]$/),
        });
      }
    }
    await handled(story.map((e) => e.eventId));
    expect(copiesOn(copies, careSettingTopic(unrelated))).toEqual([]);
    expect((await callService(router.url, 'GET', `/subscriptions/${subscriptions.unrelated}`)).body).toMatchObject({ lastEventNumber: 0 });
    expect((await callService(router.url, 'GET', `/subscriptions/${subscriptions.gp}`)).body).toMatchObject({ lastEventNumber: 4 });
  });

  it('keeps the copies of a paused subscription, numbered, and delivers them in order on resume', async () => {
    const gp = freshOdsCode('G');
    const id = await subscribe(router.url, gp);
    const patientId = randomUUID();
    // One topic (identity's), so the order of the events is the order the router sees them in.
    const first = [events.registered(patientId, gp), events.demographicsUpdated(patientId)];
    await publisher.publish(first);
    const copies = await tap([gp]);
    await copiesArrived(copies, careSettingTopic(gp), 2);

    expect((await callService(router.url, 'POST', `/subscriptions/${id}/pause`, undefined, await asAdministrator())).body).toMatchObject({ status: 'PAUSED' });
    const whilePaused = Array.from({ length: 4 }, () => events.demographicsUpdated(patientId));
    await publisher.publish(whilePaused);
    await handled(whilePaused.map((e) => e.eventId));
    expect((await callService(router.url, 'GET', `/subscriptions/${id}`)).body).toMatchObject({ status: 'PAUSED', lastEventNumber: 6, pausedBacklog: 4 });
    expect(Number((await db.query('select count(*) as n from outbox_message where topic = $1', [careSettingTopic(gp)]))[0].n)).toBe(2);
    expect(new Set(copiesOn(copies, careSettingTopic(gp)).map((c) => c.headers.ce_id)).size).toBe(2);

    const resumed = await callService(router.url, 'POST', `/subscriptions/${id}/resume`, undefined, await asAdministrator());
    expect(resumed.body).toMatchObject({ status: 'ACTIVE', lastEventNumber: 6, pausedBacklog: 0 });
    const after = events.demographicsUpdated(patientId);
    await publisher.publish([after]);

    const proof = numbering(await copiesArrived(copies, careSettingTopic(gp), 7));
    expect(proof).toMatchObject({ eventIds: [...first, ...whilePaused, after].map((e) => e.eventId), numbers: [1, 2, 3, 4, 5, 6, 7], gapFree: true, conflicts: [], inNumberOrder: true });
    const [audit] = await db.query(`select details from subscription_transition where subscription_id = $1 and action = 'resume'`, [id]);
    expect(audit.details).toEqual({ deliveredPausedCopies: 4 });
  });

  it('gives a setting exactly its own patients\' events and nothing else, over thousands of random events', async () => {
    const random = new SeededRandom(8);
    const gps = Array.from({ length: 4 }, () => freshOdsCode('G'));
    const pharmacies = Array.from({ length: 3 }, () => freshOdsCode('P'));
    const unrelated = freshOdsCode('U');
    for (const odsCode of [...gps, ...pharmacies, unrelated]) await subscribe(router.url, odsCode);
    const world = new CareWorld(random, gps, pharmacies);
    const copies = await tap([...gps, ...pharmacies, unrelated]);

    // Rounds: relationship changes (identity's topic, in order), then clinical events on three topics, which
    // the router may take in any order across topics; each phase is handled before the next changes anything.
    for (let round = 0; round < 4; round++) {
      const changes = world.changes(round === 0 ? 120 : 60);
      await publisher.publish(changes);
      await handled(changes.map((e) => e.eventId));
      const clinical = world.clinical(600);
      await publisher.publish(clinical);
      await handled(clinical.map((e) => e.eventId));
    }

    for (const [odsCode, eventIds] of world.expected) {
      if (odsCode === unrelated) continue;
      const proof = numbering(await copiesArrived(copies, careSettingTopic(odsCode), eventIds.length));
      expect({ odsCode, count: proof.eventIds.length }).toEqual({ odsCode, count: eventIds.length });
      expect(new Set(proof.eventIds)).toEqual(new Set(eventIds));
      expect({ odsCode, gapFree: proof.gapFree, conflicts: proof.conflicts, inNumberOrder: proof.inNumberOrder }).toEqual({ odsCode, gapFree: true, conflicts: [], inNumberOrder: true });
      expect(world.inTopicOrder(proof.eventIds)).toBe(true);
    }
    expect(world.published).toBeGreaterThanOrEqual(2_500);
    expect(world.expected.has(unrelated)).toBe(false);
    const admin = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'care-router-test-admin' }).admin();
    await admin.connect();
    try {
      const [end] = await admin.fetchTopicOffsets(careSettingTopic(unrelated));
      expect(end.high).toBe('0');
    } finally {
      await admin.disconnect();
    }
  }, 300_000);
});
