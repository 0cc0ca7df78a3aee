import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@care-events/service-kit';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';

/** The time of backoff, Retry-After, pauses, probes and heartbeats. */
export abstract class DeliveryTimer {
  abstract now(): Date;
  /** Resolves once `now()` reached `at`, or at once when `signal` aborts (the caller looks again at why). */
  abstract waitUntil(at: Date, signal: AbortSignal): Promise<void>;
}

interface Waiter {
  at: number;
  resolve: () => void;
}

/**
 * Time from the injected Clock, looked at every DELIVERY_TIMER_TICK_MS: a test that moves the
 * service's clock forward reaches the next attempt at the next tick instead of sleeping until it.
 * One interval serves every waiting worker, and runs only while one waits.
 */
@Injectable()
export class ClockTimer extends DeliveryTimer {
  private readonly waiters = new Set<Waiter>();
  private interval?: NodeJS.Timeout;

  constructor(private readonly clock: Clock, @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'timerTickMs'>) {
    super();
  }

  now(): Date {
    return this.clock.now();
  }

  waitUntil(at: Date, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.now() >= at) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        at: at.getTime(),
        resolve: () => {
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.resolve);
          if (this.waiters.size === 0) this.stopTicking();
          resolve();
        },
      };
      signal.addEventListener('abort', waiter.resolve, { once: true });
      this.waiters.add(waiter);
      if (!this.interval) {
        this.interval = setInterval(() => this.tick(), this.config.timerTickMs);
        // Waiting workers end by their signals at shutdown; the interval alone keeps nothing alive.
        this.interval.unref();
      }
    });
  }

  private tick(): void {
    const now = this.now().getTime();
    for (const waiter of [...this.waiters]) if (now >= waiter.at) waiter.resolve();
  }

  private stopTicking(): void {
    clearInterval(this.interval);
    this.interval = undefined;
  }
}
