import { HostSlots, TokenBucket } from './send-limits';

describe('HostSlots', () => {
  it('lets at most the limit in per host, the next in as one leaves, other hosts apart', async () => {
    const slots = new HostSlots(2);
    const first = await slots.acquire('a:443');
    await slots.acquire('a:443');
    let third = false;
    const waiting = slots.acquire('a:443').then((release) => {
      third = true;
      return release;
    });
    await slots.acquire('b:443');
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    first();
    first();
    (await waiting)();
    expect(third).toBe(true);
  });
});

describe('TokenBucket', () => {
  it('lets a second\'s worth through at once, then paces at the rate', async () => {
    const bucket = new TokenBucket(20);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await bucket.take();
    expect(performance.now() - started).toBeLessThan(150);
    for (let i = 0; i < 4; i++) await bucket.take();
    // 24 from a bucket of 20 refilled at 20 a second: at least 200 ms in all.
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });
});
