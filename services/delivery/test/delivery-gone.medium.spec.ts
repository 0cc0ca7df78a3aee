import { eventually, ServiceClock, ServiceUnderTest } from '@care-events/local-platform';
import { loadR4Structure } from './backport-checks';
import { DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';

const MINUTE = 60_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a receiver answering 410 Gone', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let clock: ServiceClock;
  let receiver: Receiver;

  beforeAll(async () => {
    loadR4Structure();
    world = await DeliveryWorld.start();
    ({ delivery, clock } = await world.inProcess());
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await receiver?.close();
    await delivery?.stop();
    await world?.stop();
  });

  it('disables the endpoint at that event: the cursor stays before it, nothing more is sent, $status says off', async () => {
    const feed = await world.setting();
    const endpoint = await world.register(feed, receiver, { format: 'fhir-backport', heartbeatPeriodSeconds: 60 });
    receiver.answer((arrival) => (arrival.numbers[0] === 3 ? 'gone' : 'ok'));
    await feed.publishRange(1, 6);

    await eventually('the endpoint disabled', async () => (await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}`)).body.status === 'disabled');
    const seen = receiver.arrivals.length;
    // Two hours: no retry, no probe, no heartbeat (its period is a minute).
    for (let elapsed = 0; elapsed < 120 * MINUTE; elapsed += 10 * MINUTE) {
      clock.advance(10 * MINUTE);
      await pause(100);
    }
    expect(receiver.arrivals.length).toBe(seen);
    expect(receiver.numbers()).toEqual([1, 2, 3]);
    expect(receiver.arrivals.flatMap((arrival) => arrival.problems)).toEqual([]);

    const view = await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}`);
    expect(view.body).toMatchObject({ status: 'disabled', cursor: { lastAcknowledgedNumber: 2 } });
    expect(view.body.statusReason).toBe('receiver answered 410 Gone at event 3');
    const [last] = (await world.asSetting(feed, 'GET', `/endpoints/${endpoint.id}/attempts?limit=1`)).body;
    expect(last).toMatchObject({ eventNumber: 3, outcome: 'gone', httpStatus: 410 });

    const status = await world.asSetting(feed, 'GET', `/fhir/Subscription/${endpoint.id}/$status`);
    expect(status.status).toBe(200);
    const parameters = status.body.entry[0].resource.parameter as Array<{ name: string; valueCode?: string; valueString?: string }>;
    expect(parameters.find((p) => p.name === 'status')?.valueCode).toBe('off');
    expect(parameters.find((p) => p.name === 'last-acknowledged-event-number')?.valueString).toBe('2');
  });
});
