import { retryInBackground } from './retry-in-background';

describe('retryInBackground', () => {
  it('tries again, waiting longer each time, until an attempt succeeds', async () => {
    let attempts = 0;
    const waits: number[] = [];
    const retry = retryInBackground(
      async () => {
        if (++attempts < 3) throw new Error('broker unreachable');
      },
      (_, retryInMs) => waits.push(retryInMs),
      { initialDelayMs: 5, maxDelayMs: 15 },
    );
    await retry.succeeded;
    expect(attempts).toBe(3);
    expect(waits).toEqual([10, 15]);
  });

  it('starts no attempt once stopped', async () => {
    let attempts = 0;
    const retry = retryInBackground(async () => {
      attempts++;
      throw new Error('broker unreachable');
    }, () => undefined, { initialDelayMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    retry.stop();
    const stoppedAt = attempts;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stoppedAt).toBeGreaterThan(0);
    expect(attempts).toBe(stoppedAt);
  });
});
