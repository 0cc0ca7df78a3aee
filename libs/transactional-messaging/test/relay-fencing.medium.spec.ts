import { OutboxStore, OutboxWriter, SqlOutboxStore } from '../src';
import { arrivals, GatedProducer, readToEnd, relayFactory, withAdminClient } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox relay fencing', () => {
  let harness: Harness;
  let relays: ReturnType<typeof relayFactory>;
  let gated: GatedProducer | undefined;

  beforeAll(async () => {
    harness = await messagingHarness();
    relays = relayFactory(harness);
  });

  afterAll(async () => {
    gated?.release();
    await relays?.stopAll();
    await gated?.disconnect();
    await harness?.close();
  });

  const write = (count: number) => {
    const events = Array.from({ length: count }, () => patientRegistered());
    return harness.dataSource
      .transaction((manager) => new OutboxWriter().append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))))
      .then(() => events.map((event) => event.metadata.eventId));
  };

  it('a relay whose lock connection is terminated mid-batch neither marks nor sends again; its successor publishes everything', async () => {
    const ids = new Set(await write(30));
    const tap = await harness.tap([TOPIC]);
    const store = new SqlOutboxStore(harness.dataSource);
    const marks: boolean[] = [];
    const recordingStore: OutboxStore = {
      fetchUnsent: (limit, held) => store.fetchUnsent(limit, held),
      markSent: async (rowIds, epoch) => {
        const marked = await store.markSent(rowIds, epoch);
        marks.push(marked);
        return marked;
      },
      writerSchema: (fingerprint) => store.writerSchema(fingerprint),
      backlog: () => store.backlog(),
      pruneSentBefore: (cutoff) => store.pruneSentBefore(cutoff),
    };
    const held = new GatedProducer(harness.kafka);
    gated = held;
    const deposed = relays.create({ store: recordingStore, producer: held });
    deposed.start();
    await until(() => held.sends.length === 1); // it holds the whole batch, not yet sent

    const database = new URL(harness.databaseUrl).pathname.slice(1);
    const terminated = await withAdminClient(async (admin) =>
      (await admin.query(`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = $1 and application_name = 'outbox-relay'`, [database])).rows,
    );
    expect(terminated).toEqual([{ done: true }]);

    const successor = relays.create();
    successor.start();
    await until(async () => successor.status().leader && (await store.backlog()).unsent === 0);
    const sentAt = await sentTimes(harness);

    held.release(); // the deposed relay's batch now reaches Kafka (a duplicate), and it tries to mark it
    await until(() => marks.length === 1);
    expect(marks).toEqual([false]);
    expect(await sentTimes(harness)).toEqual(sentAt);

    const later = new Set(await write(10));
    await until(() => arrivals(tap.messages, later).size === later.size);
    await readToEnd(harness, tap, TOPIC);
    expect(held.sends).toEqual([30]);
    expect(deposed.status().leader).toBe(false);
    expect(successor.status().leader).toBe(true);
    // Every event arrived: once from the successor, and the first 30 once more from the deposed relay's last batch.
    expect([...arrivals(tap.messages, ids).values()].every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(arrivals(tap.messages, ids).size).toBe(ids.size);
    expect([...arrivals(tap.messages, later).values()]).toEqual([...later].map(() => 1));
    expect((await store.backlog()).unsent).toBe(0);
  });
});

async function sentTimes(harness: Harness): Promise<Array<{ id: string; sent_at: Date }>> {
  return harness.dataSource.query('select id, sent_at from outbox_message order by id');
}
