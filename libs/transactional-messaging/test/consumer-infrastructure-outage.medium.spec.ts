import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { latestOffsets } from '@care-events/messaging';
import { caughtUp, dedicatedTopic, eventually, groupMembers, send, startConsumer } from './consumer-under-test';
import { messagingHarness, patientRegistered } from './messaging-harness';
import { TcpFaultProxy } from './tcp-fault-proxy';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

const OUTAGE_MS = 20_000;

describe('consumer: an infrastructure failure holds the partition and is never dead-lettered', () => {
  let harness: Harness;
  let proxy: TcpFaultProxy;
  let dataSource: DataSource;
  const applicationName = `outage_${randomBytes(4).toString('hex')}`;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    harness = await messagingHarness();
    const server = new URL(process.env.DATABASE_URL as string);
    proxy = await TcpFaultProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    // The consumer reaches its database only through the proxy; the test reads it directly.
    dataSource = new DataSource({ type: 'postgres', url: proxy.route(harness.databaseUrl), extra: { application_name: applicationName, max: 4 } });
    await dataSource.initialize();
  });

  afterEach(async () => {
    await proxy?.restore();
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await dataSource?.destroy();
    await proxy?.stop();
    await harness?.close();
  });

  const appliedCounts = async (ids: string[]): Promise<Map<string, number>> => {
    const rows: Array<{ event_id: string; n: number }> = await harness.dataSource.query(
      'select event_id, count(*)::int as n from handled_event where event_id = any($1) group by event_id',
      [ids],
    );
    return new Map(rows.map((row) => [row.event_id, row.n]));
  };

  const killConsumerSessions = async (): Promise<number> => {
    const rows: unknown[] = await harness.dataSource.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [applicationName]);
    return rows.length;
  };

  const deadLetters = async (topic: string) => {
    const tap = await harness.tap([`${topic}.dlq`]);
    return {
      /** Everything on the dead-letter topic, once the tap has read up to its end. */
      async all() {
        const end = [...(await latestOffsets(harness.kafka, `${topic}.dlq`)).values()].reduce((sum, offset) => sum + offset, 0n);
        await eventually('the tap to read the whole dead-letter topic', async () => BigInt(tap.messages.length) >= end);
        return tap.messages;
      },
    };
  };

  it('database sessions killed and PostgreSQL unreachable for 20 s mid-stream: nothing on the DLQ, every event applied once', async () => {
    const topic = await dedicatedTopic(harness, 3);
    const dlq = await deadLetters(topic);
    const consumer = await startConsumer(harness, { topic, dataSource, sessionTimeoutMs: 10_000, handlerTimeoutMs: 5_000 });
    closers.push(consumer.close);
    const events = Array.from({ length: 90 }, () => patientRegistered());
    const ids = events.map((event) => event.metadata.eventId);

    // A steady stream; the outage starts once a third of it is applied and the rest is still coming.
    const streaming = (async () => {
      for (let i = 0; i < events.length; i += 3) {
        await send(harness, topic, events.slice(i, i + 3));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await eventually('a third of the stream applied', async () => (await appliedCounts(ids)).size >= 30);
    const members = await groupMembers(harness, consumer.groupId);
    expect(await killConsumerSessions()).toBeGreaterThan(0);
    // First its connections are dropped as soon as they open, then refused: both ways a database goes away.
    await proxy.cut('drop');
    const outageEnds = Date.now() + OUTAGE_MS;

    const held = await eventually('readiness to say the consumer is degraded', async () => consumer.consumer.status().state === 'degraded' && consumer.consumer.status());
    expect(held.heldPartitions[0]).toMatchObject({ topic, since: expect.any(String), reason: expect.stringMatching(/^(database|network)/) });
    const states: string[] = [];
    while (Date.now() < outageEnds) {
      if (Date.now() > outageEnds - OUTAGE_MS / 2) await proxy.cut('refuse');
      states.push(consumer.consumer.status().state);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await streaming;
    expect(new Set(states)).toEqual(new Set(['degraded']));
    // Heartbeats went on through the outage (twice the session timeout): still the same member.
    expect(await groupMembers(harness, consumer.groupId)).toEqual(members);
    expect(consumer.logs.some((entry) => /partition held/.test(entry.message))).toBe(true);

    await proxy.restore();
    await eventually('every event applied', async () => (await appliedCounts(ids)).size === events.length, 60_000);
    await eventually('the group to commit the whole topic', () => caughtUp(harness, consumer.groupId, topic));
    expect([...(await appliedCounts(ids)).values()].every((n) => n === 1)).toBe(true);
    expect(consumer.consumer.status()).toEqual({ state: 'ok', heldPartitions: [] });
    expect((await dlq.all()).map((m) => m.headers.ce_id)).toEqual([]);
  }, 120_000);

  it('stop() ends a retry in progress; the held message stays uncommitted and the next member applies it once', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const dlq = await deadLetters(topic);
    const first = await startConsumer(harness, { topic, dataSource });
    const events = Array.from({ length: 10 }, () => patientRegistered());
    const ids = events.map((event) => event.metadata.eventId);
    await send(harness, topic, events.slice(0, 5));
    await eventually('the first five applied', async () => (await appliedCounts(ids)).size === 5);

    await proxy.cut('drop');
    await send(harness, topic, events.slice(5));
    await eventually('the partition held', async () => first.consumer.status().state === 'degraded');
    const stopping = Date.now();
    await first.close();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(await caughtUp(harness, first.groupId, topic)).toBe(false);

    await proxy.restore();
    const next = await startConsumer(harness, { topic, dataSource, groupId: first.groupId });
    closers.push(next.close);
    await eventually('the group to commit the whole topic', () => caughtUp(harness, next.groupId, topic));
    expect([...(await appliedCounts(ids)).values()]).toEqual(ids.map(() => 1));
    expect((await dlq.all()).map((m) => m.headers.ce_id)).toEqual([]);
  }, 60_000);
});
