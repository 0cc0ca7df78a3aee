import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AvroCodec, EventProducer, ProducedMessage, TappedMessage, TopicTap } from '@care-events/messaging';
import { OutboxRelay, OutboxRelayOptions, OutboxStore, PgRelayLeadership, RelayLeadership, SqlOutboxStore } from '../src';
import { messagingHarness, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

/** Relays over the harness database, all stopped by `stopAll`. */
export function relayFactory(harness: Harness) {
  const relays: OutboxRelay[] = [];
  return {
    create(parts: { store?: OutboxStore; codec?: AvroCodec; producer?: EventProducer; leadership?: RelayLeadership; options?: Partial<OutboxRelayOptions> } = {}) {
      const relay = new OutboxRelay(
        parts.store ?? new SqlOutboxStore(harness.dataSource),
        parts.codec ?? harness.codec,
        parts.producer ?? harness.producer,
        parts.leadership ?? new PgRelayLeadership(harness.databaseUrl, { livenessIntervalMs: 500 }),
        { source: '/services/test', pollIntervalMs: 100, errorBackoffMs: 200, standbyRetryMs: 200, ...parts.options },
      );
      relays.push(relay);
      return relay;
    },
    async stopAll() {
      for (const relay of relays) await relay.stop(1_000);
    },
  };
}

/** A real producer whose sends wait at a gate the test opens: a relay held in the middle of a batch. */
export class GatedProducer extends EventProducer {
  readonly sends: number[] = [];
  private open?: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  override async send(messages: ProducedMessage[]): Promise<void> {
    this.sends.push(messages.length);
    await this.gate;
    await super.send(messages);
  }

  release(): void {
    this.open?.();
  }
}

/** How many times each eventId arrived, over every arrival. */
export function arrivals(messages: TappedMessage[], eventIds: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const id = message.headers.ce_id;
    if (eventIds.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export async function createTopic(harness: Harness, prefix: string, partitions = 3): Promise<string> {
  const topic = `test.${prefix}.${randomUUID().slice(0, 8)}`;
  const admin = harness.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Waits until the tap has read all the topic holds now, so what it counts afterwards is every arrival. */
export async function readToEnd(harness: Harness, tap: TopicTap, topic: string): Promise<void> {
  const admin = harness.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const last = (partition: number) => tap.messages.reduce((max, m) => (m.topic === topic && m.partition === partition && BigInt(m.offset) > max ? BigInt(m.offset) : max), -1n);
  await until(() => ends.every(({ partition, high, low }) => high === low || last(partition) >= BigInt(high) - 1n));
}
