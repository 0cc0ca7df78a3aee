import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { headersAsStrings } from './cloud-event-headers';

export interface ReadRecord {
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  /** The message's Kafka timestamp (ms). */
  timestamp: number;
}

export interface SeekableReaderOptions {
  /** A group of this reader alone: it commits nothing, so the group holds no position. */
  groupId: string;
  /** A topic of one partition (a care setting's feed). */
  topic: string;
  maxBytesPerPartition?: number;
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
}

/**
 * Reads one single-partition topic from a position its caller keeps elsewhere (a database), never
 * committing to Kafka. Records arrive in offset order from the position given, at or after it: a
 * batch a seek made stale is dropped, and a rejoin that sent the consumer back to the start of the
 * log is corrected by seeking to where the reader was. `deliver` runs synchronously per batch, so
 * the caller may `pause()` from inside it.
 */
export class SeekableReader {
  private consumer?: Consumer;
  private expected = 0n;

  constructor(private readonly kafka: Kafka, private readonly options: SeekableReaderOptions) {}

  async start(from: bigint, deliver: (records: ReadRecord[]) => void): Promise<void> {
    this.expected = from;
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, sessionTimeout / 3),
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 256 * 1024,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async (payload) => this.take(payload, deliver) });
    consumer.seek({ topic: this.options.topic, partition: 0, offset: String(from) });
  }

  /** Reads from `offset` next; whatever was fetched from elsewhere is dropped. */
  seek(offset: bigint): void {
    this.expected = offset;
    this.consumer?.seek({ topic: this.options.topic, partition: 0, offset: String(offset) });
  }

  pause(): void {
    this.consumer?.pause([{ topic: this.options.topic }]);
  }

  resume(): void {
    this.consumer?.resume([{ topic: this.options.topic }]);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private take({ batch, isStale, resolveOffset }: EachBatchPayload, deliver: (records: ReadRecord[]) => void): void {
    if (isStale() || batch.isEmpty()) return;
    if (BigInt(batch.lastOffset()) < this.expected) {
      this.seek(this.expected);
      return;
    }
    const records: ReadRecord[] = [];
    for (const message of batch.messages) {
      if (BigInt(message.offset) < this.expected) continue;
      records.push({
        offset: message.offset,
        key: message.key?.toString() ?? null,
        headers: headersAsStrings(message.headers),
        value: message.value,
        timestamp: Number(message.timestamp),
      });
      resolveOffset(message.offset);
    }
    if (records.length === 0) return;
    this.expected = BigInt(records[records.length - 1].offset) + 1n;
    deliver(records);
  }
}
