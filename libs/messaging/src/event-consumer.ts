import { Consumer, EachBatchPayload, EachMessagePayload, Kafka } from 'kafkajs';
import { AvroCodec } from './avro-codec';
import { headersAsStrings } from './cloud-event-headers';
import { ConsumerMetrics, observePartitions, secondsSince } from './consumer-metrics';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { inBatchSpans, inEventSpan } from './event-tracing';
import { transientReason } from './failure-classifier';
import { MessageLease } from './message-lease';
import { HandlerTimeoutError, TransientMessagingError } from './messaging-errors';
import { ConsumerStatus, PartitionHolds } from './partition-holds';
import { redactPatientData } from './redact-patient-data';
import { backoffDelay } from './retry-backoff';

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
  /** The message value exactly as it arrived (Confluent wire format), for forwarding a copy unchanged. */
  rawValue: Buffer;
}

export type EventHandler = (event: ConsumedEvent) => Promise<void>;

/** Takes consecutive events of one partition, in order, with the same effect as `EventHandler` on each in turn. */
export type EventBatchHandler = (events: ConsumedEvent[]) => Promise<void>;

export interface RetryPolicy {
  /** Attempts at a message that fails deterministically before it goes to `<topic>.dlq`. */
  attempts: number;
  initialBackoffMs: number;
  /** Cap of the wait between attempts; infrastructure failures retry at this pace without limit. */
  maxBackoffMs: number;
}

export type ConsumerLog = (level: 'warn' | 'info', message: string, details: Record<string, unknown>) => void;

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  retry?: RetryPolicy;
  /** Time one attempt may take; past it the attempt counts as an infrastructure failure and is retried. */
  handlerTimeoutMs?: number;
  /** Time without heartbeats after which the group gives this member's partitions to others. */
  sessionTimeoutMs?: number;
  /** Partitions handled in parallel; each partition stays in order. */
  partitionsConsumedConcurrently?: number;
  /** Most messages of one partition a batch handler is given at once. */
  batchSize?: number;
  heartbeatIntervalMs?: number;
  log?: ConsumerLog;
  metrics?: ConsumerMetrics;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 30_000 };
const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_SIZE = 500;

/**
 * Reads decoded events in partition order. The offset of a message is committed only after its
 * handler returned (so after the handler's own transaction committed). A failure of the
 * infrastructure (database, network, registry; see failure-classifier) holds the partition and
 * retries without limit, reporting the hold in `status()`; a message that fails deterministically
 * is retried a few times, then moved to the dead-letter topic so the partition moves on.
 *
 * With a batch handler, a partition's messages go to it up to `batchSize` at a time, and their
 * offsets move once it returned. A batch it fails (a poison message, an outage, its time budget)
 * is handled again message by message, on the path above: one bad message costs only itself.
 */
export class EventConsumer {
  readonly handlerTimeoutMs: number;
  private consumer?: Consumer;
  private stopping = false;
  private readonly retry: RetryPolicy;
  private readonly holds = new PartitionHolds();
  private readonly leases = new Set<MessageLease>();

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly options: EventConsumerOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  }

  async start(handler: EventHandler, batchHandler?: EventBatchHandler): Promise<void> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 30_000;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, sessionTimeout / 3),
      // The Java client's fetch.max.wait.ms: a stop waits for the fetch in flight, kafkajs's default five seconds.
      maxWaitTimeInMs: 500,
      // kafkajs restarts a consumer that crashed (its broker gone) after a delay, even one stopped
      // while it was crashing; kafkajs's own 5 retries of a request, as before, on the client's timings.
      retry: { retries: 5, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    if (this.options.metrics) observePartitions(consumer, this.options.metrics);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        ...(batchHandler
          ? { eachBatchAutoResolve: false, eachBatch: (payload: EachBatchPayload) => this.processBatch(payload, handler, batchHandler) }
          : { eachMessage: (payload: EachMessagePayload) => this.processMessage(payload, handler) }),
      });
    } catch (error) {
      // A start that failed half-way (connected, then a topic missing) must not leave its connections open.
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Leaves the consumer group; a message held mid-retry is let go uncommitted, so the next member starts there. */
  async stop(): Promise<void> {
    this.stopping = true;
    const leaving = this.consumer?.disconnect();
    for (const lease of this.leases) lease.release(new TransientMessagingError('consumer stopping'));
    await leaving;
  }

  status(): ConsumerStatus {
    return this.holds.status();
  }

  private processMessage(payload: EachMessagePayload, handler: EventHandler): Promise<void> {
    return this.withLease(payload, (lease) => this.process(payload, handler, lease));
  }

  private async withLease(payload: EachMessagePayload, work: (lease: MessageLease) => Promise<void>): Promise<void> {
    const lease = this.openLease(payload);
    try {
      await work(lease);
    } catch (error) {
      // Released by a stop or a rebalance: the partition is no longer this member's to report.
      this.holds.release(position(payload));
      throw error;
    } finally {
      this.closeLease(lease);
    }
  }

  private openLease(payload: Pick<EachBatchPayload, 'heartbeat'>): MessageLease {
    const lease = new MessageLease(payload, this.options.heartbeatIntervalMs ?? 2_000);
    this.leases.add(lease);
    if (this.stopping) lease.release(new TransientMessagingError('consumer stopping'));
    return lease;
  }

  private closeLease(lease: MessageLease): void {
    lease.close();
    this.leases.delete(lease);
  }

  /** The fetched messages of one partition, `batchSize` at a time; each offset resolved only once its message took effect. */
  private async processBatch(payload: EachBatchPayload, handler: EventHandler, batchHandler: EventBatchHandler): Promise<void> {
    const { batch } = payload;
    const size = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const done = async (offset: string) => {
      payload.resolveOffset(offset);
      this.options.metrics?.processed(batch.topic, batch.partition, offset);
      await payload.heartbeat();
      await payload.commitOffsetsIfNecessary();
    };
    for (let start = 0; start < batch.messages.length; start += size) {
      if (this.stopping || !payload.isRunning() || payload.isStale()) return;
      const messages: EachMessagePayload[] = batch.messages
        .slice(start, start + size)
        .map((message) => ({ topic: batch.topic, partition: batch.partition, message, heartbeat: payload.heartbeat, pause: payload.pause }));
      if (await this.attemptBatch(payload, messages, batchHandler)) {
        await done(messages[messages.length - 1].message.offset);
        continue;
      }
      for (const message of messages) {
        await this.processMessage(message, handler);
        await done(message.message.offset);
      }
    }
  }

  /** True when the batch handler took every message; false when they must be handled one by one. */
  private async attemptBatch(payload: EachBatchPayload, messages: EachMessagePayload[], batchHandler: EventBatchHandler): Promise<boolean> {
    const lease = this.openLease(payload);
    try {
      const attempt = inBatchSpans(messages, this.options.groupId, () =>
        Promise.all(messages.map((message) => this.decode(message))).then((events) => this.timedBatch(events, batchHandler)),
      );
      try {
        await lease.race(attempt, this.handlerTimeoutMs, () => {
          throw new HandlerTimeoutError(this.handlerTimeoutMs);
        });
        return true;
      } catch (error) {
        lease.throwIfReleased();
        this.report('batch failed, handling its messages one by one', messages[0], { messages: messages.length, error: messageOf(error) });
        // An attempt that overran its time must end (its transaction roll back) before the messages are tried alone.
        await lease.race(attempt.catch(() => undefined), Infinity, () => undefined);
        return false;
      }
    } finally {
      this.closeLease(lease);
    }
  }

  private async process(payload: EachMessagePayload, handler: EventHandler, lease: MessageLease): Promise<void> {
    let failures = 0;
    let outages = 0;
    // An attempt that overran its time must end before the next starts (its transaction is being rolled back).
    let previous: Promise<unknown> = Promise.resolve();
    for (;;) {
      await lease.race(previous, Infinity, () => undefined);
      try {
        const attempt = inEventSpan(payload, this.options.groupId, () => this.attempt(payload, handler));
        previous = attempt.catch(() => undefined);
        await lease.race(attempt, this.handlerTimeoutMs, () => {
          throw new HandlerTimeoutError(this.handlerTimeoutMs);
        });
        return this.recovered(payload);
      } catch (error) {
        lease.throwIfReleased();
        const reason = transientReason(error);
        if (reason) {
          outages += 1;
          this.options.metrics?.retried(payload.topic, 'outage');
          this.held(payload, reason, outages);
          await lease.sleep(backoffDelay(outages, this.retry));
          continue;
        }
        failures += 1;
        this.report('handler failed', payload, { attempt: failures, error: messageOf(error) });
        if (failures >= this.retry.attempts) return this.deadLetter(payload, error, failures, lease);
        this.options.metrics?.retried(payload.topic, 'failure');
        await lease.sleep(backoffDelay(failures, this.retry));
      }
    }
  }

  private async attempt(payload: EachMessagePayload, handler: EventHandler): Promise<void> {
    const event = await this.decode(payload);
    const started = performance.now();
    try {
      await handler(event);
      this.options.metrics?.applied(event.topic, event.eventType, 1);
    } finally {
      this.options.metrics?.handled(event.topic, event.eventType, secondsSince(started));
    }
  }

  private async timedBatch(events: ConsumedEvent[], batchHandler: EventBatchHandler): Promise<void> {
    const started = performance.now();
    try {
      await batchHandler(events);
      for (const [eventType, count] of countsByType(events)) this.options.metrics?.applied(events[0].topic, eventType, count);
    } finally {
      this.options.metrics?.handledBatch(events[0].topic, secondsSince(started));
    }
  }

  private async deadLetter(payload: EachMessagePayload, error: unknown, attempts: number, lease: MessageLease): Promise<void> {
    for (let outage = 1; ; outage += 1) {
      try {
        await lease.race(this.deadLetters.publish(payload, error, attempts, this.options.groupId), Infinity, () => undefined);
        this.options.metrics?.deadLettered(payload.topic);
        return this.recovered(payload);
      } catch (failure) {
        lease.throwIfReleased();
        this.held(payload, `dead-letter topic unreachable: ${messageOf(failure)}`, outage);
        await lease.sleep(backoffDelay(outage, this.retry));
      }
    }
  }

  private held(payload: EachMessagePayload, reason: string, attempts: number): void {
    const hold = this.holds.hold(position(payload), reason, attempts);
    this.report('partition held by an infrastructure failure, retrying', payload, { attempt: attempts, since: hold.since, reason });
  }

  private recovered(payload: EachMessagePayload): void {
    this.options.metrics?.processed(payload.topic, payload.partition, payload.message.offset);
    const hold = this.holds.release(position(payload));
    if (hold) this.options.log?.('info', 'partition moving again', { ...hold, recoveredAt: new Date().toISOString() });
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
      rawValue: message.value,
    };
  }

  private report(message: string, payload: EachMessagePayload, details: Record<string, unknown>) {
    this.options.log?.('warn', message, { ...position(payload), groupId: this.options.groupId, ...details });
  }
}

const position = ({ topic, partition, message }: EachMessagePayload) => ({ topic, partition, offset: message.offset });
// Every error the consumer reports goes to the log: without the values it may quote.
const messageOf = (error: unknown) => redactPatientData(error instanceof Error ? error.message : String(error));

function countsByType(events: ConsumedEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { eventType } of events) counts.set(eventType, (counts.get(eventType) ?? 0) + 1);
  return counts;
}
