import { Consumer, Kafka } from 'kafkajs';
import { headersAsStrings } from './cloud-event-headers';

export interface FollowedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  /** The message's Kafka timestamp (ms). */
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
}

export interface TopicFollowerOptions {
  /** A group of this follower alone: it commits nothing, so it leaves no position behind. */
  groupId: string;
  topics: string[];
  /** From the first message still kept; otherwise only what is published after the follower joins. */
  fromBeginning: boolean;
}

/**
 * Reads topics as a watcher, never as a worker: in a group of its own, committing nothing, each
 * message handed over in partition order. How operators look at a topic without moving any
 * service's consumer group.
 */
export class TopicFollower {
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka, private readonly options: TopicFollowerOptions) {}

  async start(deliver: (message: FollowedMessage) => Promise<void> | void): Promise<void> {
    // A stop waits for the fetch in flight: half a second, not kafkajs's default five.
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) =>
        deliver({
          topic, partition, offset: BigInt(message.offset), timestamp: Number(message.timestamp),
          key: message.key?.toString() ?? null, headers: headersAsStrings(message.headers), value: message.value,
        }),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
