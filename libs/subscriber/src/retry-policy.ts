import { SubscriberConfigError } from './subscriber-errors';

export interface RetryOptions {
  /** Attempts at an event whose handler keeps failing before it goes to the dead-letter topic (default 5). */
  attempts?: number;
  /** First wait between attempts (default 500 ms); doubles each time up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  /** Longest wait between attempts (default 30 s); failures of the infrastructure retry at this pace without limit. */
  maxBackoffMs?: number;
  /**
   * True for a handler error that passes on its own (a database restarting, a network blip): such
   * an event is retried without limit and never dead-lettered. The default recognises network
   * errors and PostgreSQL's connection, resource and shutdown errors.
   */
  isTransient?: (error: unknown) => boolean;
}

export type RetryPolicy = Required<RetryOptions>;

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
// SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown), and 40001/40P01 (serialization, deadlock): a retry can succeed.
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01)/;

export function isTransientByDefault(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || (code.length === 5 && TRANSIENT_SQLSTATE.test(code)))) return true;
  }
  return false;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = { attempts: 5, initialBackoffMs: 500, maxBackoffMs: 30_000, isTransient: isTransientByDefault, ...options };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new SubscriberConfigError('retry.attempts', `must be a whole number of at least 1, got ${policy.attempts}`);
  if (!(policy.initialBackoffMs >= 0) || !(policy.maxBackoffMs >= policy.initialBackoffMs)) {
    throw new SubscriberConfigError('retry.initialBackoffMs', 'need 0 <= initialBackoffMs <= maxBackoffMs');
  }
  return policy;
}

/**
 * Wait before attempt `attempt + 1`: doubling from the first wait up to the cap, half fixed and half
 * random, so subscribers failing on the same outage do not retry in step.
 */
export function backoffDelay(attempt: number, { initialBackoffMs, maxBackoffMs }: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>, random = Math.random): number {
  const ceiling = Math.min(initialBackoffMs * 2 ** Math.min(attempt - 1, 30), maxBackoffMs);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
