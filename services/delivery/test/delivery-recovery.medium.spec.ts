import { ServiceClock, ServiceUnderTest } from '@care-events/local-platform';
import { loadR4Structure } from './backport-checks';
import { advanceUntil, DeliveryWorld } from './delivery-world';
import { Receiver, Reply } from './receiver';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AttemptView {
  kind: string;
  eventNumber: number | null;
  attempt: number;
  startedAt: string;
  outcome: string;
  httpStatus: number | null;
  retryAfterMs: number | null;
}

/** Each number the first time it arrived, in order of arrival. */
const firstArrivals = (numbers: number[]) => numbers.filter((number, i) => numbers.indexOf(number) === i);

describe('an endpoint that fails for 10 simulated minutes, then recovers', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let clock: ServiceClock;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    // Seconds of indexing, done before any timing matters.
    loadR4Structure();
    world = await DeliveryWorld.start();
    ({ delivery, clock } = await world.inProcess());
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await delivery?.stop();
    await world?.stop();
  });

  it.each(['standard-webhooks', 'fhir-backport'] as const)('%s: every event arrives in number order, none skipped, the failures visible', async (format) => {
    const feed = await world.setting();
    const receiver = await Receiver.start();
    receivers.push(receiver);
    const endpoint = await world.register(feed, receiver, { format, timeoutSeconds: 1 });
    // 500, 429 with Retry-After, no answer within the timeout, a dropped connection: round and round.
    const failures: Reply[] = [{ status: 500 }, { status: 429, retryAfter: '30' }, 'hang', 'close'];
    let failed = 0;
    receiver.answer(() => failures[failed++ % failures.length]);
    await feed.publishRange(1, 20);

    await receiver.waitFor('the first attempt', (r) => r.events().length >= 1);
    for (let elapsed = 0; elapsed < 10 * MINUTE; elapsed += 30 * SECOND) {
      clock.advance(30 * SECOND);
      await pause(150);
    }
    expect(receiver.numbers().every((number) => number === 1)).toBe(true);

    receiver.answer('ok');
    // Within the longest backoff (300 s, jittered) the next attempt is due, and the rest follow at once.
    await advanceUntil(clock, 'the first event acknowledged', () => receiver.acknowledged().length > 0, MINUTE, 10 * MINUTE);
    await receiver.waitFor('all 20 events acknowledged', (r) => r.acknowledged().length >= 20);

    expect(firstArrivals(receiver.numbers())).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Never out of order: an arrival repeats its predecessor's number or takes the next one.
    receiver.numbers().forEach((number, i, all) => expect(i === 0 || number === all[i - 1] || number === all[i - 1] + 1).toBe(true));
    expect(receiver.arrivals.flatMap((arrival) => arrival.problems)).toEqual([]);

    const answer = await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}/attempts?eventNumber=1&limit=100`);
    expect(answer.status).toBe(200);
    const attempts = (answer.body as AttemptView[]).reverse();
    expect(new Set(attempts.map((a) => a.outcome))).toEqual(new Set(['failed', 'rate-limited', 'timeout', 'connection-error', 'delivered']));
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.length).toBeGreaterThanOrEqual(6);
    // The attempt after a 429 with Retry-After: 30 came at least 30 s later on the service's clock.
    attempts.forEach((attempt, i) => {
      if (attempt.outcome !== 'rate-limited' || !attempts[i + 1]) return;
      expect(attempt.retryAfterMs).toBe(30_000);
      expect(Date.parse(attempts[i + 1].startedAt) - Date.parse(attempt.startedAt)).toBeGreaterThanOrEqual(30 * SECOND);
    });

    const view = await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}`);
    expect(view.body).toMatchObject({ status: 'active', cursor: { lastAcknowledgedNumber: 20 }, failing: null, blocked: null });
  });
});
