import { Kafka } from 'kafkajs';
import { AvroCodec, DecodedValue } from './avro-codec';
import { TopicFollower } from './topic-follower';

export interface TappedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** The raw value, as any Confluent-format client would read it. */
  raw: Buffer;
  decoded: DecodedValue | { error: string };
}

/**
 * Reads whole topics from the beginning in a consumer group of its own, keeping every message:
 * how tests, benchmarks and diagnostics see exactly what a downstream subscriber would see.
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private follower?: TopicFollower;

  constructor(private readonly kafka: Kafka, private readonly codec: AvroCodec, private readonly groupId: string) {}

  async start(topics: string[]): Promise<this> {
    this.follower = new TopicFollower(this.kafka, { groupId: this.groupId, topics, fromBeginning: true });
    await this.follower.start(async ({ topic, partition, offset, key, headers, value }) => {
      const raw = value ?? Buffer.alloc(0);
      const decoded = await this.codec.decode(raw).catch((error: Error) => ({ error: error.message }));
      this.messages.push({ topic, partition, offset: String(offset), key, headers, raw, decoded });
    });
    return this;
  }

  /** Resolves with the matching messages once there are at least `count` of them. */
  async waitFor(match: (message: TappedMessage) => boolean, count = 1, timeoutMs = 30_000): Promise<TappedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} expected messages arrived within ${timeoutMs}ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }
}
