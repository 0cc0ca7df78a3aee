import { backoffDelay } from './retry-backoff';

describe('retry backoff', () => {
  const policy = { initialBackoffMs: 100, maxBackoffMs: 1_000 };

  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [4, 400, 800],
    [5, 500, 1_000],
    [60, 500, 1_000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelay(attempt, policy, () => 0)).toBe(low);
    expect(backoffDelay(attempt, policy, () => 1)).toBe(high);
  });
});
