import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { AvroCodec } from './avro-codec';
import { headersAsStrings } from './cloud-event-headers';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { TransientMessagingError } from './messaging-errors';

export interface ConsumedEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** Record full name of the event, e.g. care.events.identity.PatientDeceased. */
  eventType: string;
  eventId: string;
  value: unknown;
}

export type EventHandler = (event: ConsumedEvent) => Promise<void>;

export interface RetryPolicy {
  /** Attempts before the message goes to `<topic>.dlq`. */
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  retry?: RetryPolicy;
  /** Partitions handled in parallel; each partition stays in order. */
  partitionsConsumedConcurrently?: number;
  heartbeatIntervalMs?: number;
  /** Errors that will pass on their own (a database restart, say): retried without limit, never dead-lettered. */
  isTransient?: (error: unknown) => boolean;
  onError?: (message: string, details: Record<string, unknown>) => void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 5_000 };

/**
 * Reads decoded events in partition order. The offset of a message is committed only after its
 * handler returned (so after the handler's own transaction committed); a message that keeps
 * failing is retried with backoff, then moved to the dead-letter topic so the partition moves on.
 * Heartbeats continue while a long handler runs, so the group does not evict the member.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: EventConsumerOptions,
  ) {}

  async start(handler: EventHandler): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.withHeartbeats(payload, () => this.process(payload, handler)),
    });
  }

  /** Leaves the consumer group after the messages in hand are done. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
  }

  private async withHeartbeats(payload: EachMessagePayload, work: () => Promise<void>) {
    const interval = setInterval(() => payload.heartbeat().catch(() => undefined), this.options.heartbeatIntervalMs ?? 2_000);
    try {
      await work();
    } finally {
      clearInterval(interval);
    }
  }

  private async process(payload: EachMessagePayload, handler: EventHandler): Promise<void> {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    for (let attempt = 1; !this.stopping; ) {
      try {
        await handler(await this.decode(payload));
        return;
      } catch (error) {
        if (this.isTransient(error)) {
          await sleep(retry.maxBackoffMs);
          continue;
        }
        this.report('handler failed', payload, error, attempt);
        if (attempt >= retry.attempts) return this.deadLetters.publish(payload, error, attempt, this.options.groupId);
        await sleep(Math.min(retry.initialBackoffMs * 2 ** (attempt - 1), retry.maxBackoffMs));
        attempt += 1;
      }
    }
    // Stopping mid-retry: throwing keeps the offset uncommitted, so the next member starts here.
    throw new TransientMessagingError('consumer stopping');
  }

  private async decode({ topic, partition, message }: EachMessagePayload): Promise<ConsumedEvent> {
    if (!message.value) throw new Error('message has no value');
    const decoded = await this.codec.decode(message.value);
    const headers = headersAsStrings(message.headers);
    const eventId = headers.ce_id ?? (decoded.value as { metadata?: { eventId?: string } }).metadata?.eventId;
    if (!eventId) throw new Error('message has neither a ce_id header nor metadata.eventId');
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      headers,
      eventType: decoded.fullName,
      eventId,
      value: decoded.value,
    };
  }

  private isTransient(error: unknown): boolean {
    return error instanceof TransientMessagingError || (this.options.isTransient?.(error) ?? false);
  }

  private report(message: string, { topic, partition, message: m }: EachMessagePayload, error: unknown, attempt: number) {
    this.options.onError?.(message, { topic, partition, offset: m.offset, attempt, error: (error as Error).message });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
