/** The limits of retrying one endpoint (DELIVERY_* settings). */
export interface RetryPolicy {
  /** The longest Retry-After honoured: a receiver cannot park its feed for a day. */
  maxRetryAfterMs: number;
  /** Failing for this long, and at least `pauseAfterAttempts` times, pauses the endpoint. */
  pauseAfterMs: number;
  pauseAfterAttempts: number;
  /** While paused, one probe this often. */
  pausedProbeMs: number;
}

export interface FailureState {
  consecutiveFailures: number;
  failingSince: Date | null;
  paused: boolean;
}

export interface FailureDecision {
  consecutiveFailures: number;
  failingSince: Date;
  nextAttemptAt: Date;
  /** This failure is the one that pauses the endpoint. */
  pause: boolean;
}

export const HOUR_MS = 3_600_000;

/**
 * What follows a failed request: the count and the start of the failing spell, and when to try
 * again: the backoff (`backoffMs`, the jittered delay for this count) or, when longer, what the
 * receiver asked for with Retry-After (capped). After failing long enough and often enough the
 * endpoint pauses (its backlog stays on the topic); while paused it probes at the probe interval.
 */
export function afterFailure(state: FailureState, now: Date, backoffMs: number, retryAfterMs: number | null, policy: RetryPolicy): FailureDecision {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const failingSince = state.failingSince ?? now;
  const pause = !state.paused && now.getTime() - failingSince.getTime() >= policy.pauseAfterMs && consecutiveFailures >= policy.pauseAfterAttempts;
  const asked = Math.min(retryAfterMs ?? 0, policy.maxRetryAfterMs);
  const wait = Math.max(state.paused || pause ? policy.pausedProbeMs : backoffMs, asked);
  return { consecutiveFailures, failingSince, nextAttemptAt: new Date(now.getTime() + wait), pause };
}
