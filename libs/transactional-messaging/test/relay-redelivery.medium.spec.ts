import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { MessagingHousekeeping, OutboxWriter, PgRelayLeadership, RelayLeadership, SqlOutboxStore } from '../src';
import { arrivals, readToEnd, relayFactory } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

const workspace = join(__dirname, '../../..');

describe('outbox relay process killed between publish and mark', () => {
  let harness: Harness;
  let relays: ReturnType<typeof relayFactory>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    harness = await messagingHarness();
    relays = relayFactory(harness);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await relays?.stopAll();
    await harness?.close();
  });

  it('its replacement publishes what it sent but never marked, and the consumer inbox gives each event one effect', async () => {
    const events = Array.from({ length: 20 }, () => patientRegistered());
    const ids = new Set(events.map((e) => e.metadata.eventId));
    await harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))));
    const tap = await harness.tap([TOPIC]);
    const store = new SqlOutboxStore(harness.dataSource);

    child = spawn(process.execPath, ['-r', './tools/register.js', 'libs/transactional-messaging/test/relay-process.ts'], {
      cwd: workspace,
      env: { ...process.env, RELAY_DATABASE_URL: harness.databaseUrl, RELAY_PAUSE_AFTER_SEND: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await until(() => output.join('').includes('sent 20'), 60_000);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    expect((await store.backlog()).unsent).toBe(20);
    await until(() => arrivals(tap.messages, ids).size === 20);

    relays.create().start();
    await until(async () => (await store.backlog()).unsent === 0);
    await readToEnd(harness, tap, TOPIC);
    const published = tap.messages.filter((m) => ids.has(m.headers.ce_id));
    expect([...arrivals(tap.messages, ids).values()]).toEqual([...ids].map(() => 2));

    const groupId = `test-redelivery-${Date.now()}`;
    await harness.consumer({ attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 }, [], groupId);
    // Every arrival, duplicates included, is behind the consumer's committed offsets before counting effects.
    await until(() => harness.consumedPast(groupId, published));
    expect(await Promise.all([...ids].map((id) => harness.handledCount(id)))).toEqual([...ids].map(() => 1));
  });
});

describe('outbox relay leadership', () => {
  let harness: Harness;
  let relays: ReturnType<typeof relayFactory>;

  beforeAll(async () => {
    harness = await messagingHarness();
    relays = relayFactory(harness);
  });

  afterAll(async () => {
    await relays?.stopAll();
    await harness?.close();
  });

  it('keeps one active relay per database: a second one stands by', async () => {
    const leader = relays.create();
    leader.start();
    await until(() => leader.status().leader);
    const attempts = { standby: 0 };
    const standby = relays.create({ leadership: counting(new PgRelayLeadership(harness.databaseUrl), attempts) });
    standby.start();
    await until(() => attempts.standby >= 3); // it has asked for the lock, and been refused, more than once
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
      expect((await store.backlog()).unsent).toBe(1);
    } finally {
      await harness.close();
    }
  });
});

function counting(leadership: RelayLeadership, attempts: { standby: number }): RelayLeadership {
  return {
    acquire: async () => {
      attempts.standby++;
      return leadership.acquire();
    },
    waitForWork: (ms) => leadership.waitForWork(ms),
    release: () => leadership.release(),
  };
}
