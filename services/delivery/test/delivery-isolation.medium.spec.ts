import { ServiceUnderTest } from '@care-events/local-platform';
import { DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';
import { SettingFeed } from './setting-feed';

const RATE_PER_SECOND = 50;
const PHASE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('two care settings, one endpoint hanging', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery } = await world.inProcess());
  });

  afterAll(async () => {
    await delivery?.stop();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await world?.stop();
  });

  /** Copies `from`… onto a feed at RATE_PER_SECOND for PHASE_MS, one at a time and in order, as care-router writes them. */
  async function steady(feed: SettingFeed, from: number): Promise<number> {
    const count = (RATE_PER_SECOND * PHASE_MS) / 1_000;
    const start = Date.now();
    for (let i = 0; i < count; i++) {
      await sleep(start + (i * 1_000) / RATE_PER_SECOND - Date.now());
      await feed.publish([{ number: from + i }]);
    }
    return from + count - 1;
  }

  /** Both settings' copies at once; B's copy → receipt latency (ms) of its numbers `from`…. */
  async function phase(a: SettingFeed, b: SettingFeed, receiverB: Receiver, from: number): Promise<number[]> {
    const [, last] = await Promise.all([steady(a, from), steady(b, from)]);
    await receiverB.waitFor(`B's event ${last}`, (r) => r.acknowledged().includes(last), 60_000);
    const arrivedAt = new Map(receiverB.events().map((arrival) => [arrival.numbers[0], arrival.at]));
    return b.written.filter((copy) => copy.number >= from && copy.number <= last).map((copy) => arrivedAt.get(copy.number)! - copy.sentAt);
  }

  it("keeps B's p99 copy → receipt latency when A stops answering", async () => {
    const [a, b] = [await world.setting(), await world.setting()];
    const [receiverA, receiverB] = [await Receiver.start(), await Receiver.start()];
    receivers.push(receiverA, receiverB);
    await world.register(a, receiverA, { timeoutSeconds: 15 });
    await world.register(b, receiverB, { timeoutSeconds: 15 });

    const healthy = await phase(a, b, receiverB, 1);
    receiverA.answer('hang');
    const next = healthy.length + 1;
    const hanging = await phase(a, b, receiverB, next);

    const figures = {
      samples: healthy.length,
      healthy: { p50: percentile(healthy, 50), p99: percentile(healthy, 99), max: Math.max(...healthy) },
      aHanging: { p50: percentile(hanging, 50), p99: percentile(hanging, 99), max: Math.max(...hanging) },
      aAttemptsWhileHanging: receiverA.events().filter((arrival) => arrival.reply === 'hang').length,
    };
    console.log(`isolation: B's copy → receipt latency (ms) at ${RATE_PER_SECOND} ev/s per setting: ${JSON.stringify(figures)}`);

    expect(receiverB.acknowledged()).toEqual(Array.from({ length: healthy.length + hanging.length }, (_, i) => i + 1));
    expect(receiverA.events().some((arrival) => arrival.reply === 'hang')).toBe(true);
    expect(figures.aHanging.p99).toBeLessThanOrEqual(Math.max(1.5 * figures.healthy.p99, figures.healthy.p99 + 25));
  }, 180_000);
});
