/**
 * At most `ratePerSecond` requests a second to one endpoint, in bursts of up to one second's worth:
 * a receiver that catches up after an outage is not flooded with its whole backlog at once.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = ratePerSecond;
  }

  async take(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await new Promise((resolve) => setTimeout(resolve, ((1 - this.tokens) * 1_000) / this.ratePerSecond));
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.refilledAt) * this.ratePerSecond) / 1_000);
    this.refilledAt = now;
  }
}

/**
 * Requests in flight per receiving host (host:port), across all endpoints: many endpoints on one
 * receiver (a supplier hosting many practices) share its capacity instead of each taking its own.
 */
export class HostSlots {
  private readonly hosts = new Map<string, { active: number; waiting: Array<() => void> }>();

  constructor(private readonly perHost: number) {}

  /** Resolves with the release of a slot once one is free. */
  async acquire(host: string): Promise<() => void> {
    let entry = this.hosts.get(host);
    if (!entry) {
      entry = { active: 0, waiting: [] };
      this.hosts.set(host, entry);
    }
    const slots = entry;
    if (slots.active >= this.perHost) await new Promise<void>((resolve) => slots.waiting.push(resolve));
    else slots.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      if (next) next();
      else if (--slots.active === 0) this.hosts.delete(host);
    };
  }
}
