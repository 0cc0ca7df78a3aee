import { Client } from 'pg';
import { HeldPartition, latestOffsets } from '@care-events/messaging';
import { caughtUp, dedicatedTopic, eventually, groupMembers, send, startConsumer } from './consumer-under-test';
import { messagingHarness, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

const HANDLER_TIMEOUT_MS = 1_500;
const SESSION_TIMEOUT_MS = 6_000;

describe('consumer: a handler stuck on a lock', () => {
  let harness: Harness;
  let blocker: Client;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    harness = await messagingHarness();
    blocker = new Client({ connectionString: harness.databaseUrl });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker?.end();
    for (const close of closers) await close();
    await harness?.close();
  });

  const appliedCounts = async (ids: string[]): Promise<number[]> => {
    const rows: Array<{ n: number }> = await harness.dataSource.query(
      'select count(h.event_id)::int as n from unnest($1::uuid[]) as e(id) left join handled_event h on h.event_id = e.id group by e.id',
      [ids],
    );
    return rows.map((row) => row.n);
  };

  it('is cut off at the handler timeout and retried; the stalled partition shows in status and logs; a joining member still gets partitions', async () => {
    const topic = await dedicatedTopic(harness, 2);
    const dlq = await harness.tap([`${topic}.dlq`]);
    // Another session holds the lock every handler needs (its insert into handled_event).
    await blocker.query('begin');
    await blocker.query('lock table handled_event in exclusive mode');

    const consumerSettings = { topic, dataSource: harness.dataSource, handlerTimeoutMs: HANDLER_TIMEOUT_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS, concurrency: 2 };
    const first = await startConsumer(harness, consumerSettings);
    closers.push(first.close);
    const events = Array.from({ length: 12 }, () => patientRegistered());
    const ids = events.map((event) => event.metadata.eventId);
    await send(harness, topic, events);

    const stalled = await eventually('both partitions reported stalled', async () => first.consumer.status().heldPartitions.length === 2 && first.consumer.status());
    expect(stalled.state).toBe('degraded');
    for (const held of stalled.heldPartitions) {
      expect(held).toMatchObject({ topic, offset: '0', since: expect.any(String), reason: expect.stringMatching(/did not finish|timeout|lock not available/) });
    }
    const logged = first.logs.find((entry) => /partition held/.test(entry.message));
    expect(logged?.details).toMatchObject({ topic, partition: expect.any(Number), offset: '0', since: expect.any(String) });

    // Stuck for longer than the session timeout, the member stays in the group: heartbeats went on.
    const [member] = await groupMembers(harness, first.groupId);
    await eventually('retries past the session timeout', async () => Date.now() - Date.parse(stalled.heldPartitions[0].since) > SESSION_TIMEOUT_MS * 1.5);
    expect(await groupMembers(harness, first.groupId)).toEqual([member]);

    // A second member joins while every handler is stuck: the group rebalances and gives it a partition.
    const second = await within(20_000, 'the second member to join', startConsumer(harness, { ...consumerSettings, groupId: first.groupId }));
    closers.push(second.close);
    const partitionsOf = (held: HeldPartition[]) => held.map((h) => h.partition).sort();
    await eventually('the joining member to work on a partition', async () => second.consumer.status().heldPartitions.length === 1, 20_000);
    await eventually('the first member to keep only the other one', async () => first.consumer.status().heldPartitions.length === 1);
    expect([...partitionsOf(first.consumer.status().heldPartitions), ...partitionsOf(second.consumer.status().heldPartitions)].sort()).toEqual([0, 1]);
    const members = await groupMembers(harness, first.groupId);
    expect(members).toHaveLength(2);
    expect(members).toContain(member);

    await blocker.query('rollback');
    await eventually('every event applied', async () => (await appliedCounts(ids)).every((n) => n >= 1));
    await eventually('the group to commit the whole topic', () => caughtUp(harness, first.groupId, topic));
    expect(await appliedCounts(ids)).toEqual(ids.map(() => 1));
    expect(first.consumer.status().state).toBe('ok');
    expect(second.consumer.status().state).toBe('ok');
    expect([...(await latestOffsets(harness.kafka, `${topic}.dlq`)).values()]).toEqual([0n]);
    expect(dlq.messages).toEqual([]);
  }, 90_000);
});

/** Joining waits for the group to rebalance: bound it, so a member that never lets go fails the test by name. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
