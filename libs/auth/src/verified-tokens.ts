import type { Principal } from './principal';

/**
 * Tokens already verified, each until it expires: a client sends the same bearer token with every
 * request for its lifetime, and checking its signature again each time (an RSA verification) was a
 * visible share of a write's CPU. Keyed by the whole token, so a token differing in any byte (its
 * signature included) is verified afresh. Bounded: past `capacity` the oldest entry goes.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; validUntilMs: number }>();

  constructor(private readonly capacity = 10_000) {}

  /** The caller of a token verified before, while it is still valid at `nowMs`. */
  find(token: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs < entry.validUntilMs) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  remember(token: string, principal: Principal, validUntilMs: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { principal, validUntilMs });
  }
}
