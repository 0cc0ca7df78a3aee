import { Kafka, Partitioners, Producer } from 'kafkajs';
import { TransientMessagingError } from './messaging-errors';

export interface ProducedMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Idempotent producer with acks=all and one request in flight: kafkajs can lose or reorder
 * messages when an idempotent producer has concurrent requests. After a failed send the producer
 * is replaced, so a fresh producer id and sequence start clean; the caller re-sends.
 */
export class EventProducer {
  private producer?: Producer;

  constructor(private readonly kafka: Kafka) {}

  async send(messages: ProducedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    } catch (error) {
      await this.reset();
      throw new TransientMessagingError(`publishing ${messages.length} message(s) failed: ${(error as Error).message}`);
    }
  }

  async disconnect(): Promise<void> {
    await this.reset();
  }

  private async connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Java-compatible murmur2 partitioning: other clients place a patient's key on the same partition.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      try {
        await producer.connect();
      } catch (error) {
        throw new TransientMessagingError(`cannot reach Kafka: ${(error as Error).message}`);
      }
      this.producer = producer;
    }
    return this.producer;
  }

  private async reset() {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

function byTopic(messages: ProducedMessage[]) {
  const topics = new Map<string, ProducedMessage[]>();
  for (const message of messages) topics.set(message.topic, [...(topics.get(message.topic) ?? []), message]);
  return [...topics].map(([topic, list]) => ({
    topic,
    messages: list.map(({ key, value, headers }) => ({ key, value, headers })),
  }));
}
