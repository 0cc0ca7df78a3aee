import { Logger } from '@nestjs/common';
import { eventually, ServiceClock, ServiceUnderTest } from '@care-events/local-platform';
import { advanceUntil, DeliveryWorld, metricValue } from './delivery-world';
import { Receiver } from './receiver';

const MINUTE = 60_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firstArrivals = (numbers: number[]) => numbers.filter((number, i) => numbers.indexOf(number) === i);

describe('an endpoint failing for more than 30 simulated minutes', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let clock: ServiceClock;
  let receiver: Receiver;

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery, clock } = await world.inProcess());
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await receiver?.close();
    await delivery?.stop();
    await world?.stop();
  });

  it('is paused with an alert, keeps its backlog, probes, and after recovery and resume delivers all of it in order', async () => {
    // Observes the error log line (the alert) while it is still written.
    const errors = jest.spyOn(Logger.prototype, 'error');
    const feed = await world.setting();
    const endpoint = await world.register(feed, receiver);
    const view = async () => (await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}`)).body;
    const series = (name: string, extra = '') => `${name}{endpoint="${endpoint.id}",ods_code="${feed.odsCode}"${extra}}`;
    receiver.answer({ status: 500 });
    await feed.publishRange(1, 5);
    await receiver.waitFor('the first attempt', (r) => r.events().length >= 1);

    const elapsed = await advanceUntil(clock, 'the pause', async () => (await view()).status === 'paused', MINUTE, 60 * MINUTE);
    expect(elapsed).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(elapsed).toBeLessThanOrEqual(36 * MINUTE);
    const paused = await view();
    expect(paused).toMatchObject({ status: 'paused', cursor: { lastAcknowledgedNumber: 0 } });
    expect(paused.statusReason).toMatch(/^failing since .* \(\d+ attempts\): HTTP 500$/);
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ msg: 'endpoint paused', endpointId: endpoint.id, odsCode: feed.odsCode }));

    await feed.publishRange(6, 10);
    await eventually('the backlog counting the new copies', async () => (metricValue(await world.metrics(), series('delivery_endpoint_backlog_messages')) ?? 0) >= 10);
    const metrics = await world.metrics();
    expect(metricValue(metrics, series('delivery_endpoint_status', ',status="paused"'))).toBe(1);
    expect(metricValue(metrics, 'delivery_endpoint_pauses_total')).toBeGreaterThanOrEqual(1);

    // Paused, it probes once per 15 minutes, not at the backoff's pace. The attempt that paused it
    // came at most a minute (one step) before the clock's time now.
    const attempts = receiver.events().length;
    clock.advance(13 * MINUTE);
    await pause(300);
    expect(receiver.events().length).toBe(attempts);
    clock.advance(3 * MINUTE);
    await receiver.waitFor('one probe', (r) => r.events().length === attempts + 1);
    expect((await view()).status).toBe('paused');

    receiver.answer('ok');
    const resumed = await world.asSetting(feed, 'POST', `/endpoints/${endpoint.id}/resume`);
    expect(resumed.status).toBe(200);
    await receiver.waitFor('all 10 events acknowledged', (r) => r.acknowledged().length >= 10);
    expect(firstArrivals(receiver.numbers())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(receiver.acknowledged()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(receiver.arrivals.flatMap((arrival) => arrival.problems)).toEqual([]);
    await eventually('the backlog drained', async () => metricValue(await world.metrics(), series('delivery_endpoint_backlog_messages')) === 0);
    expect(await view()).toMatchObject({ status: 'active', cursor: { lastAcknowledgedNumber: 10 }, failing: null });
  });
});
