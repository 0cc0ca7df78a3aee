import { MessagingHousekeeping, OutboxRelay, OutboxStore, OutboxWriter, PgRelayLeadership, SqlOutboxStore } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox relay crash between publish and mark', () => {
  let harness: Harness;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    harness = await messagingHarness();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop(1_000);
    await harness?.close();
  });

  const relay = (store: OutboxStore) => {
    const created = new OutboxRelay(store, harness.codec, harness.producer, new PgRelayLeadership(harness.databaseUrl), {
      source: '/services/test',
      pollIntervalMs: 100,
      errorBackoffMs: 200,
      standbyRetryMs: 200,
    });
    relays.push(created);
    return created;
  };

  it('re-sends what it could not mark, and the consumer inbox gives each event one effect', async () => {
    const events = Array.from({ length: 20 }, () => patientRegistered());
    const ids = new Set(events.map((e) => e.metadata.eventId));
    await harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))));
    const tap = await harness.tap([TOPIC]);
    const ours = () => tap.messages.filter((m) => ids.has(m.headers.ce_id));

    // The first relay publishes, then "crashes" before it can mark the rows as sent.
    const store = new SqlOutboxStore(harness.dataSource);
    const crashing = relay({ ...bind(store), markSent: async () => Promise.reject(new Error('process killed before mark')) });
    crashing.start();
    await until(() => ours().length >= 20);
    await crashing.stop(1_000);
    expect(await store.countUnsent()).toBe(20);

    // Its replacement takes the lock and publishes the same rows again.
    const replacement = relay(store);
    replacement.start();
    await until(async () => (await store.countUnsent()) === 0);
    await until(() => ours().length >= 40);
    const deliveries = new Map<string, number>();
    for (const message of ours()) deliveries.set(message.headers.ce_id, (deliveries.get(message.headers.ce_id) ?? 0) + 1);
    expect([...deliveries.values()].every((n) => n >= 2)).toBe(true);

    await harness.consumer({ attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 });
    await until(async () => (await Promise.all([...ids].map((id) => harness.handledCount(id)))).every((n) => n >= 1));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let any duplicate still in flight be handled
    expect(await Promise.all([...ids].map((id) => harness.handledCount(id)))).toEqual([...ids].map(() => 1));
  });

  it('keeps one active relay per database: a second one stands by', async () => {
    const leader = relay(new SqlOutboxStore(harness.dataSource));
    const standby = relay(new SqlOutboxStore(harness.dataSource));
    for (const r of relays.slice(0, -2)) await r.stop(1_000);
    leader.start();
    await until(() => leader.status().leader);
    standby.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(standby.status()).toMatchObject({ running: true, leader: false });
    await leader.stop(1_000);
    await until(() => standby.status().leader);
  });
});

describe('messaging housekeeping', () => {
  it('prunes published outbox rows past retention and keeps unsent ones', async () => {
    const harness = await messagingHarness();
    try {
      const events = Array.from({ length: 3 }, () => ({ type: PATIENT_REGISTERED, value: patientRegistered() }));
      await harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, events));
      await harness.dataSource.query(`update outbox_message set sent_at = now() - interval '2 hours' where id in (select id from outbox_message order by id limit 2)`);
      const store = new SqlOutboxStore(harness.dataSource);
      const housekeeping = new MessagingHousekeeping(harness.dataSource, store, { outboxRetentionMs: 3_600_000, inboxRetentionMs: 3_600_000, intervalMs: 60_000 });
      expect(await housekeeping.runOnce()).toEqual({ outboxPruned: 2 });
      expect(await store.countUnsent()).toBe(1);
    } finally {
      await harness.close();
    }
  });
});

function bind(store: SqlOutboxStore): OutboxStore {
  return {
    fetchUnsent: (limit) => store.fetchUnsent(limit),
    markSent: (ids) => store.markSent(ids),
    countUnsent: () => store.countUnsent(),
    pruneSentBefore: (cutoff) => store.pruneSentBefore(cutoff),
  };
}
