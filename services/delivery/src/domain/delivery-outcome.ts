import { retryAfterMs } from './retry-after';

export type AttemptKind = 'handshake' | 'heartbeat' | 'event';

export const ATTEMPT_OUTCOMES = ['delivered', 'failed', 'timeout', 'connection-error', 'rate-limited', 'gone', 'build-failed', 'held'] as const;
/** `build-failed` and `held` are this service's own: no request left (poison, or a dependency not ready). */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** What came back from one request: a response, no answer in time, or no connection at all. */
export type ChannelResult =
  | { kind: 'response'; status: number; retryAfter?: string }
  | { kind: 'timeout' }
  | { kind: 'connection-error'; error: string };

export interface ClassifiedOutcome {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  /** What the receiver asked for with Retry-After, when it did. */
  retryAfterMs: number | null;
}

/**
 * The Standard Webhooks reading of an answer: 2xx delivered; 410 gone (the receiver wants no more);
 * 429 and 503 rate-limited, honouring Retry-After; any other status (3xx included: redirects are not
 * followed) failed; no answer in time a timeout; reset, refused or TLS failure a connection error.
 */
export function classify(result: ChannelResult, now: Date): ClassifiedOutcome {
  if (result.kind !== 'response') return { outcome: result.kind, httpStatus: null, retryAfterMs: null };
  const { status } = result;
  if (status >= 200 && status < 300) return { outcome: 'delivered', httpStatus: status, retryAfterMs: null };
  if (status === 410) return { outcome: 'gone', httpStatus: status, retryAfterMs: null };
  if (status === 429 || status === 503) return { outcome: 'rate-limited', httpStatus: status, retryAfterMs: retryAfterMs(result.retryAfter, now) };
  return { outcome: 'failed', httpStatus: status, retryAfterMs: null };
}

/** Failures of the receiver: they count toward pausing. Held and build-failed are this service's own. */
export const isReceiverFailure = (outcome: AttemptOutcome): boolean =>
  outcome === 'failed' || outcome === 'timeout' || outcome === 'connection-error' || outcome === 'rate-limited';
