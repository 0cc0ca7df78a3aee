import { Client } from 'pg';
import { createThrowawayDatabase, eventually, SeededRandom, ServiceProcess, startServiceProcess, ThrowawayDatabase } from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { CareWorld } from './care-world';
import {
  careSettingTopic, copiesArrived, DomainEventPublisher, DomainEventToPublish, freshOdsCode, groupAtEndOfDomainTopics, numbering, subscribe, tapTopics,
} from './routing-fixtures';

describe('care-router killed in the middle of a stream', () => {
  let database: ThrowawayDatabase;
  let db: Client;
  let router: ServiceProcess | undefined;
  let tap: TopicTap | undefined;
  const publisher = new DomainEventPublisher();

  beforeAll(async () => {
    database = await createThrowawayDatabase('care_router');
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await tap?.stop();
    await publisher.close();
    await router?.stop();
    await db?.end();
    await database?.drop();
  });

  const handledCount = async (eventIds: string[]) => (await db.query('select count(*)::int as n from inbox_message where event_id = any($1)', [eventIds])).rows[0].n as number;
  const handled = (eventIds: string[]) =>
    eventually('the router handling the events', async () => {
      const n = await handledCount(eventIds);
      if (n < eventIds.length) throw new Error(`${n} of ${eventIds.length} handled`);
      return true;
    }, 120_000);

  it('loses no copy, skips no number and gives no number twice across SIGKILLs', async () => {
    const group = await groupAtEndOfDomainTopics();
    // The same database and consumer group each time, as a restarted replica would have.
    // A short session: the group hands the killed member's partitions on after 6 s instead of 30.
    const start = () => startServiceProcess('care-router', { CONSUMER_GROUP: group, CONSUMER_SESSION_TIMEOUT_MS: '6000' }, { database });
    router = await start();

    const random = new SeededRandom(9);
    const gps = Array.from({ length: 3 }, () => freshOdsCode('G'));
    const pharmacies = Array.from({ length: 2 }, () => freshOdsCode('P'));
    for (const odsCode of [...gps, ...pharmacies]) await subscribe(router.url, odsCode);
    const world = new CareWorld(random, gps, pharmacies);
    const registrations = world.changes(80);
    await publisher.publish(registrations);
    await handled(registrations.map((e) => e.eventId));
    tap = await tapTopics([...gps, ...pharmacies].map(careSettingTopic));

    // Clinical events only (their relationships are in place), published in small batches while the router is killed again and again.
    const stream: DomainEventToPublish[] = world.clinical(3_000);
    const ids = stream.map((e) => e.eventId);
    let sent = 0;
    const publishing = (async () => {
      for (; sent < stream.length; sent += 50) {
        await publisher.publish(stream.slice(sent, sent + 50));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const killedAt: number[] = [];
    for (const threshold of [300, 900, 1_500, 2_100]) {
      await eventually(`${threshold} events handled`, async () => (await handledCount(ids)) >= threshold, 120_000);
      await router.kill();
      killedAt.push(await handledCount(ids));
      router = await start();
    }
    await publishing;

    await handled(ids);
    // Killed mid-stream: events were still arriving and waiting to be handled each time.
    expect(killedAt.every((n) => n < stream.length)).toBe(true);
    const figures: Record<string, { expected: number; arrived: number; distinct: number; highest: number }> = {};
    for (const odsCode of [...gps, ...pharmacies]) {
      const expected = world.expected.get(odsCode) ?? [];
      const arrived = await copiesArrived(tap, careSettingTopic(odsCode), expected.length);
      const proof = numbering(arrived);
      figures[odsCode] = { expected: expected.length, arrived: arrived.length, distinct: proof.eventIds.length, highest: Math.max(0, ...proof.numbers) };
      expect({ odsCode, count: proof.eventIds.length, gapFree: proof.gapFree, conflicts: proof.conflicts }).toEqual({ odsCode, count: expected.length, gapFree: true, conflicts: [] });
      expect(new Set(proof.eventIds)).toEqual(new Set(expected));
      expect(proof.numbers).toEqual(expected.map((_, i) => i + 1));
    }
    const [{ n: numbered }] = (await db.query('select sum(last_event_number)::int as n from care_subscription')).rows;
    expect(numbered).toBe([...world.expected.values()].reduce((sum, eventIds) => sum + eventIds.length, 0));
    process.stdout.write(`router SIGKILLed at ${killedAt.join(', ')} of ${stream.length} events handled: ${JSON.stringify(figures)}\n`);
  }, 600_000);
});
