import { boundedReading } from './scrape-reading';

describe('boundedReading', () => {
  it('shares one reading among the gauges of a scrape, and reads again at the next scrape', async () => {
    let reads = 0;
    const reading = boundedReading(async () => ++reads);
    expect(await Promise.all([reading(), reading()])).toEqual([1, 1]);
    expect(await reading()).toBe(2);
  });

  it('gives undefined for a reading that fails or is late, and joins the late one rather than starting another', async () => {
    let reads = 0;
    let finish: (value: number) => void = () => undefined;
    const slow = boundedReading(() => {
      reads += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    }, 20);
    expect(await slow()).toBeUndefined();
    expect(await slow()).toBeUndefined();
    expect(reads).toBe(1);
    finish(7);
    expect(await boundedReading(() => Promise.reject(new Error('database down')))()).toBeUndefined();
  });
});
