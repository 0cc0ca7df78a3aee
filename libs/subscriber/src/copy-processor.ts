import { EachMessagePayload } from 'kafkajs';
import { AvroDecoder } from './avro-decoder';
import { CopyEnvelope, headersAsStrings, readCopyEnvelope } from './care-setting-copy';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventContext, EventHandlers } from './event-handlers';
import { judgeCopy, Gap } from './event-sequence';
import { EventStore } from './event-store';
import { MessageLease } from './message-lease';
import { backoffDelay, RetryPolicy } from './retry-policy';
import { GapReport, StatusTracker } from './subscription-status';
import { RegistryUnavailableError, TransactionAbortedError, UndecodableEventError } from './subscriber-errors';

export type SubscriberLog = (level: 'error' | 'warn' | 'info', message: string, details: Record<string, unknown>) => void;

/** A handler threw: the event's fault unless the retry policy judges the error transient. */
class HandlerFailure extends Error {
  override readonly name = 'HandlerFailure';
  constructor(override readonly cause: unknown) {
    super(messageOf(cause));
  }
}

/** What became of the copy, and the subscription's position after it (null: none yet). */
type Taken = { kind: 'duplicate' | 'handled' | 'no-handler'; position: number | null };

type AnyHandler = (event: unknown, context: EventContext<unknown>) => Promise<void> | void;

export interface CopyProcessorSettings<Tx> {
  groupId: string;
  handlers: EventHandlers<Tx>;
  store: EventStore<Tx>;
  decoder: AvroDecoder;
  deadLetters: DeadLetterPublisher;
  retry: RetryPolicy;
  /** The feed is read from its very start, so a subscription's first copy must be number 1. */
  startsAtOne: boolean;
  status: StatusTracker;
  onGap?: (gap: GapReport) => void | Promise<void>;
  log: SubscriberLog;
}

/**
 * Takes one copy: skips it if its eventId or number was taken before, reports a gap in the
 * numbers, runs its handler in the store's transaction and records it there. A handler that keeps
 * failing is retried with backoff, then the copy goes to the dead-letter topic and is recorded as
 * taken, so the numbers stay contiguous. A copy that is not one (headers missing) or does not
 * decode goes to the dead-letter topic at once. Failures of the infrastructure are retried without
 * limit and never dead-letter anything.
 */
export class CopyProcessor<Tx> {
  constructor(private readonly settings: CopyProcessorSettings<Tx>) {}

  async process(payload: EachMessagePayload, lease: MessageLease): Promise<void> {
    const headers = headersAsStrings(payload.message.headers);
    let envelope: CopyEnvelope;
    try {
      envelope = readCopyEnvelope(headers);
    } catch (error) {
      return this.deadLetter(payload, undefined, error, 1, lease);
    }
    let failures = 0;
    let outages = 0;
    let gapSeen = false;
    // Each attempt sees the gap again: it is reported once.
    const noteGap = (gap: Gap) => {
      if (!gapSeen) this.reportGap(envelope, gap);
      gapSeen = true;
    };
    for (;;) {
      lease.throwIfReleased();
      try {
        const taken = await this.attempt(payload, headers, envelope, failures + 1, noteGap);
        this.settings.status.release();
        this.settings.status.count(taken.kind);
        this.settings.status.position(envelope.subscriptionId, taken.position);
        return;
      } catch (error) {
        const transient = this.transientReason(error);
        if (transient) {
          outages += 1;
          this.hold(payload, transient, outages);
          await lease.sleep(backoffDelay(outages, this.settings.retry));
          continue;
        }
        failures += 1;
        const failure = error instanceof HandlerFailure ? error.cause : error;
        this.settings.status.failed(messageOf(failure));
        this.report('warn', 'event failed', payload, { eventId: envelope.eventId, eventNumber: envelope.eventNumber, attempt: failures, error: messageOf(failure) });
        if (error instanceof UndecodableEventError || failures >= this.settings.retry.attempts) {
          return this.deadLetter(payload, { envelope, noteGap }, failure, failures, lease);
        }
        await lease.sleep(backoffDelay(failures, this.settings.retry));
      }
    }
  }

  private attempt(payload: EachMessagePayload, headers: Record<string, string>, envelope: CopyEnvelope, attempt: number, noteGap: (gap: Gap) => void): Promise<Taken> {
    const { groupId, store, decoder, handlers, startsAtOne } = this.settings;
    return store.transaction(groupId, envelope.subscriptionId, async (tx): Promise<Taken> => {
      const verdict = judgeCopy(tx.lastEventNumber, startsAtOne, envelope.eventNumber, await tx.seen(envelope.eventId, envelope.eventNumber));
      if (verdict.kind === 'duplicate') return { kind: 'duplicate', position: tx.lastEventNumber };
      if (verdict.gap) noteGap(verdict.gap);
      const decoded = await decoder.decode(payload.message.value);
      const handler = Object.hasOwn(handlers, decoded.fullName) ? (handlers[decoded.fullName as keyof EventHandlers] as AnyHandler | undefined) : undefined;
      if (handler) {
        const value = decoded.value as { metadata?: { patientId?: string } };
        const context: EventContext<Tx> = {
          eventId: envelope.eventId,
          eventType: decoded.fullName,
          eventNumber: envelope.eventNumber,
          subscriptionId: envelope.subscriptionId,
          patientId: value.metadata?.patientId ?? payload.message.key?.toString() ?? headers.ce_subject ?? '',
          headers: { ...headers },
          topic: payload.topic,
          partition: payload.partition,
          offset: payload.message.offset,
          attempt,
          transaction: tx.client,
        };
        try {
          await handler(decoded.value, context as EventContext<unknown>);
        } catch (error) {
          throw new HandlerFailure(error);
        }
      }
      const outcome = handler ? 'handled' : 'no-handler';
      await tx.record(envelope.eventId, envelope.eventNumber, outcome, verdict.position);
      return { kind: outcome, position: verdict.position };
    });
  }

  /** Publishes to the dead-letter topic, then records the copy as taken, each retried until it succeeds. */
  private async deadLetter(payload: EachMessagePayload, copy: { envelope: CopyEnvelope; noteGap: (gap: Gap) => void } | undefined, error: unknown, attempts: number, lease: MessageLease): Promise<void> {
    const { deadLetters, store, groupId, startsAtOne, status } = this.settings;
    await this.untilDone(payload, lease, 'dead-letter topic unreachable', () => lease.race(deadLetters.publish(payload, error, attempts)));
    if (copy) {
      const { envelope, noteGap } = copy;
      await this.untilDone(payload, lease, 'event store unavailable', () =>
        store.transaction(groupId, envelope.subscriptionId, async (tx) => {
          const verdict = judgeCopy(tx.lastEventNumber, startsAtOne, envelope.eventNumber, await tx.seen(envelope.eventId, envelope.eventNumber));
          if (verdict.kind === 'duplicate') return;
          if (verdict.gap) noteGap(verdict.gap);
          await tx.record(envelope.eventId, envelope.eventNumber, 'dead-lettered', verdict.position);
          status.position(envelope.subscriptionId, verdict.position);
        }),
      );
    }
    status.release();
    status.count('dead-lettered');
    this.report('error', 'event dead-lettered', payload, { eventId: copy?.envelope.eventId, eventNumber: copy?.envelope.eventNumber, attempts, deadLetterTopic: deadLetters.topic, error: messageOf(error) });
  }

  private async untilDone(payload: EachMessagePayload, lease: MessageLease, what: string, work: () => Promise<unknown>): Promise<void> {
    for (let outage = 1; ; outage += 1) {
      lease.throwIfReleased();
      try {
        await work();
        return;
      } catch (error) {
        lease.throwIfReleased();
        this.hold(payload, `${what}: ${messageOf(error)}`, outage);
        await lease.sleep(backoffDelay(outage, this.settings.retry));
      }
    }
  }

  private transientReason(error: unknown): string | undefined {
    if (error instanceof UndecodableEventError || error instanceof TransactionAbortedError) return undefined;
    if (error instanceof HandlerFailure) return this.settings.retry.isTransient(error.cause) ? `handler: ${error.message}` : undefined;
    if (error instanceof RegistryUnavailableError) return error.message;
    // Anything else failed outside the handler: the store's connection or statements.
    return `event store: ${messageOf(error)}`;
  }

  private reportGap(envelope: CopyEnvelope, gap: Gap): void {
    const report: GapReport = { ...gap, subscriptionId: envelope.subscriptionId, eventId: envelope.eventId, detectedAt: new Date().toISOString() };
    this.settings.status.gap(report);
    this.settings.log('warn', 'gap in event numbers', { ...report });
    const { onGap } = this.settings;
    if (onGap) {
      Promise.resolve()
        .then(() => onGap(report))
        .catch((error: unknown) => this.settings.log('error', 'onGap failed', { error: messageOf(error) }));
    }
  }

  private hold(payload: EachMessagePayload, reason: string, attempts: number): void {
    this.settings.status.hold(reason, attempts);
    this.report('warn', 'feed held by an infrastructure failure, retrying', payload, { attempt: attempts, reason });
  }

  private report(level: 'warn' | 'error', message: string, { topic, partition, message: { offset } }: EachMessagePayload, details: Record<string, unknown>) {
    this.settings.log(level, message, { topic, partition, offset, groupId: this.settings.groupId, ...details });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
