import { afterFailure, HOUR_MS, RetryPolicy } from './retry-schedule';

const policy: RetryPolicy = { maxRetryAfterMs: HOUR_MS, pauseAfterMs: 30 * 60_000, pauseAfterAttempts: 10, pausedProbeMs: 15 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes));
const healthy = { consecutiveFailures: 0, failingSince: null, paused: false };

describe('afterFailure', () => {
  it('starts a failing spell at the first failure and waits the backoff', () => {
    expect(afterFailure(healthy, at(0), 1_000, null, policy)).toEqual({ consecutiveFailures: 1, failingSince: at(0), nextAttemptAt: new Date(at(0).getTime() + 1_000), pause: false });
  });

  it('waits what Retry-After asks when it is longer than the backoff, and the backoff when that is longer', () => {
    expect(afterFailure(healthy, at(0), 1_000, 30_000, policy).nextAttemptAt).toEqual(new Date(at(0).getTime() + 30_000));
    expect(afterFailure(healthy, at(0), 60_000, 30_000, policy).nextAttemptAt).toEqual(new Date(at(0).getTime() + 60_000));
  });

  it('honours Retry-After up to an hour only', () => {
    expect(afterFailure(healthy, at(0), 1_000, 5 * HOUR_MS, policy).nextAttemptAt).toEqual(new Date(at(0).getTime() + HOUR_MS));
  });

  it('keeps the start of the spell and counts on', () => {
    const decision = afterFailure({ consecutiveFailures: 4, failingSince: at(0), paused: false }, at(10), 8_000, null, policy);
    expect(decision).toMatchObject({ consecutiveFailures: 5, failingSince: at(0), pause: false });
  });

  it.each([
    ['30 minutes and the 10th failure', 9, 30, true],
    ['30 minutes but only the 9th failure', 8, 30, false],
    ['the 20th failure within 29 minutes', 19, 29, false],
  ])('pauses after %s: %s', (_, before, minutes, pause) => {
    const decision = afterFailure({ consecutiveFailures: before as number, failingSince: at(0), paused: false }, at(minutes as number), 300_000, null, policy);
    expect(decision.pause).toBe(pause);
    if (pause) expect(decision.nextAttemptAt).toEqual(new Date(at(minutes as number).getTime() + 15 * 60_000));
  });

  it('while paused, probes every probe interval and does not pause again', () => {
    const decision = afterFailure({ consecutiveFailures: 12, failingSince: at(0), paused: true }, at(45), 300_000, null, policy);
    expect(decision).toMatchObject({ consecutiveFailures: 13, pause: false, nextAttemptAt: new Date(at(45).getTime() + 15 * 60_000) });
  });
});
