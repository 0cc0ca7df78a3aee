export interface BackoffPolicy {
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Wait before attempt `attempt + 1`: doubling from the first wait up to the cap, with "equal
 * jitter" (half fixed, half random) so members held by the same outage do not retry in step.
 */
export function backoffDelay(attempt: number, { initialBackoffMs, maxBackoffMs }: BackoffPolicy, random = Math.random): number {
  const ceiling = Math.min(initialBackoffMs * 2 ** Math.min(attempt - 1, 30), maxBackoffMs);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
