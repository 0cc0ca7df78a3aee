import { Admin, Kafka, PartitionMetadata, Partitioners, Producer } from 'kafkajs';
import { ProducedMessage } from './produced-message';
import { TransientMessagingError } from './messaging-errors';
import { PlacedMessage, placeOnPartitions, unacknowledgedPartitions } from './partition-placement';

/** As kafkajs's own metadata.max.age: partitions added to a topic are seen within five minutes. */
const PARTITIONS_MAX_AGE_MS = 300_000;

/**
 * One kafkajs producer, with the topic metadata that tells it where each message goes. It lives
 * until a send fails: a replacement starts with a fresh producer id and fresh metadata.
 */
export class ProducerConnection {
  private readonly partitions = new Map<string, { list: PartitionMetadata[]; readAt: number }>();

  private constructor(private readonly producer: Producer, private readonly admin: Admin) {}

  static async open(kafka: Kafka): Promise<ProducerConnection> {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Messages carry their partition, placed by the same Java-compatible partitioner.
      createPartitioner: Partitioners.DefaultPartitioner,
      // About 13 s of retries: a leader election after a broker dies (seconds) completes within one send.
      retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    const admin = kafka.admin();
    try {
      await Promise.all([producer.connect(), admin.connect()]);
    } catch (error) {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      throw new TransientMessagingError(`cannot reach Kafka: ${(error as Error).message}`);
    }
    return new ProducerConnection(producer, admin);
  }

  async send(messages: ProducedMessage[]): Promise<void> {
    await this.loadPartitions(messages.map((message) => message.topic));
    const placed = placeOnPartitions(messages, (topic) => this.partitions.get(topic)?.list ?? []);
    const acknowledged = await this.producer.sendBatch({ acks: -1, topicMessages: byTopic(placed) });
    const missing = unacknowledgedPartitions(placed, acknowledged);
    if (missing.length > 0) throw new TransientMessagingError(`no acknowledgement from ${missing.join(', ')} for a batch of ${messages.length}`);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private async loadPartitions(topics: string[]): Promise<void> {
    const stale = [...new Set(topics)].filter((topic) => (this.partitions.get(topic)?.readAt ?? 0) < Date.now() - PARTITIONS_MAX_AGE_MS);
    if (stale.length === 0) return;
    const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics: stale });
    for (const { name, partitions } of metadata) this.partitions.set(name, { list: partitions, readAt: Date.now() });
  }
}

function byTopic(messages: PlacedMessage[]) {
  const topics = new Map<string, PlacedMessage[]>();
  for (const message of messages) {
    const list = topics.get(message.topic) ?? [];
    list.push(message);
    topics.set(message.topic, list);
  }
  return [...topics].map(([topic, list]) => ({
    topic,
    messages: list.map(({ key, value, headers, partition }) => ({ key, value, headers, partition })),
  }));
}
