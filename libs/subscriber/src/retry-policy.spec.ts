import { backoffDelay, isTransientByDefault, retryPolicy } from './retry-policy';
import { SubscriberConfigError } from './subscriber-errors';

describe('retry policy', () => {
  it('doubles the wait from the first one up to the cap, with jitter in the upper half', () => {
    const policy = { initialBackoffMs: 100, maxBackoffMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });

  it('judges network and PostgreSQL connection errors transient, through causes, and others not', () => {
    expect(isTransientByDefault(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientByDefault(new Error('wrapped', { cause: Object.assign(new Error('gone'), { code: '08006' }) }))).toBe(true);
    expect(isTransientByDefault(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isTransientByDefault(new Error('bad data'))).toBe(false);
  });

  it('refuses attempts below one, naming the option', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(SubscriberConfigError);
    expect(() => retryPolicy({ attempts: 0 })).toThrow('retry.attempts');
    expect(retryPolicy({ attempts: 2 }).attempts).toBe(2);
  });
});
