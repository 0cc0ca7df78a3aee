import { EachBatchPayload, EachMessagePayload } from 'kafkajs';

// kafkajs's own test for "the group is rebalancing" (errors.js isRebalancing), which it does not export.
const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);

/**
 * The time a member holds one message (or a batch of them). Heartbeats keep its membership while a
 * handler runs or an infrastructure retry waits; the hold ends early when the consumer stops or the
 * group rebalances, so neither waits for a retry (or a slow handler) to finish.
 */
export class MessageLease {
  private reason?: Error;
  private readonly wakers = new Set<() => void>();
  private readonly heartbeats: NodeJS.Timeout;

  constructor(payload: Pick<EachMessagePayload | EachBatchPayload, 'heartbeat'>, heartbeatIntervalMs: number) {
    this.heartbeats = setInterval(() => payload.heartbeat().catch((error) => this.onHeartbeatError(error)), heartbeatIntervalMs);
  }

  get released(): boolean {
    return this.reason !== undefined;
  }

  /** Lets go of the message: every wait in progress throws `reason`, and so does every later one. */
  release(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    for (const wake of this.wakers) wake();
  }

  throwIfReleased(): void {
    if (this.reason) throw this.reason;
  }

  close(): void {
    clearInterval(this.heartbeats);
  }

  /** Settles as `work` does, or with `onTimeout()` after `timeoutMs`, or throws once the lease is released. */
  race<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => T): Promise<T> {
    this.throwIfReleased();
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        settle();
      };
      const wake = () => finish(() => reject(this.reason));
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => finish(() => settleWith(onTimeout, resolve, reject)), timeoutMs) : undefined;
      this.wakers.add(wake);
      work.then((value) => finish(() => resolve(value)), (error: unknown) => finish(() => reject(error)));
    });
  }

  sleep(ms: number): Promise<void> {
    return this.race(new Promise<void>(() => undefined), ms, () => undefined);
  }

  private onHeartbeatError(error: { type?: string }): void {
    // Rethrown from eachMessage, kafkajs rejoins the group instead of crashing the consumer.
    if (error.type && REBALANCING.has(error.type)) this.release(error as Error);
  }
}

function settleWith<T>(produce: () => T, resolve: (value: T) => void, reject: (error: unknown) => void): void {
  try {
    resolve(produce());
  } catch (error) {
    reject(error);
  }
}
