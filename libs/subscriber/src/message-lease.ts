import { EachMessagePayload } from 'kafkajs';

// kafkajs's own test for "the group is rebalancing" (errors.js isRebalancing), which it does not export.
const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);

/** The subscriber let go of a message it had not finished: it stays uncommitted, so it is read again. */
export class MessageReleasedError extends Error {
  override readonly name = 'MessageReleasedError';
}

/**
 * The time the subscriber holds one message. Heartbeats keep its group membership while a handler
 * runs or a retry waits. A stop or a rebalance ends every wait between attempts at once, but
 * never interrupts a handler that is running.
 */
export class MessageLease {
  private reason?: Error;
  private readonly wakers = new Set<() => void>();
  private readonly heartbeats: NodeJS.Timeout;

  constructor(payload: EachMessagePayload, heartbeatIntervalMs: number) {
    this.heartbeats = setInterval(() => payload.heartbeat().catch((error: { type?: string }) => {
      // Rethrown from eachMessage, kafkajs rejoins the group instead of crashing the consumer.
      if (error.type && REBALANCING.has(error.type)) this.release(error as Error);
    }), heartbeatIntervalMs);
  }

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

  /** Waits `ms`, or throws as soon as the lease is released. */
  sleep(ms: number): Promise<void> {
    this.throwIfReleased();
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        reject(this.reason);
      };
      const timer = setTimeout(() => {
        this.wakers.delete(wake);
        resolve();
      }, ms);
      this.wakers.add(wake);
    });
  }

  /** Settles as `work` does, or throws as soon as the lease is released (the work itself goes on). */
  race<T>(work: Promise<T>): Promise<T> {
    this.throwIfReleased();
    return new Promise<T>((resolve, reject) => {
      const wake = () => reject(this.reason);
      this.wakers.add(wake);
      work.then(resolve, reject).finally(() => this.wakers.delete(wake));
    });
  }
}
