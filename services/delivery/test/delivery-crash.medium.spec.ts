import { ServiceProcess, startServiceProcess } from '@care-events/local-platform';
import { DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';

const HELD = 12;
const LAST = 30;

describe('the delivery service killed mid-stream', () => {
  let world: DeliveryWorld;
  let receiver: Receiver;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    for (const process of processes.reverse()) await process.stop();
    await processes[0]?.database.drop();
    await receiver?.close();
    await world?.stop();
  });

  // A short lease: the successor claims the endpoint seconds after the crash.
  const start = async (database?: ServiceProcess['database']) => {
    const process = await startServiceProcess('delivery', world.deliverySettings({ DELIVERY_LEASE_SECONDS: '5' }), { database });
    processes.push(process);
    world.deliveryUrl = process.url;
    return process;
  };

  // Two service processes start within it: more than the default minute.
  it('resumes from its committed cursor: every number once, only the one in flight twice, with one webhook-id', async () => {
    const first = await start();
    const feed = await world.setting();
    await world.register(feed, receiver);
    receiver.answer((arrival) => (arrival.numbers[0] === HELD ? 'hold' : 'ok'));
    await feed.publishRange(1, LAST);
    await receiver.waitFor(`event ${HELD} in flight`, (r) => r.numbers().includes(HELD));

    await first.kill();
    receiver.answer('ok');
    await start(first.database);
    await receiver.waitFor(`event ${LAST}`, (r) => r.numbers().includes(LAST), 60_000);

    const expected = Array.from({ length: LAST }, (_, i) => i + 1);
    expect(receiver.numbers()).toEqual([...expected.slice(0, HELD), ...expected.slice(HELD - 1)]);
    const twice = receiver.events().filter((arrival) => arrival.numbers[0] === HELD);
    expect(twice.map((arrival) => arrival.messageId)).toEqual([feed.eventIdOf(HELD), feed.eventIdOf(HELD)]);
    expect(twice[0].body).toBe(twice[1].body);
    expect(receiver.arrivals.flatMap((arrival) => arrival.problems)).toEqual([]);
    const view = await world.asSetting(feed, 'GET', `/endpoints/${receiverEndpoint(await world.asSetting(feed, 'GET', '/endpoints'))}`);
    expect(view.body).toMatchObject({ status: 'active', cursor: { lastAcknowledgedNumber: LAST } });
  }, 240_000);
});

const receiverEndpoint = (answer: { body: Array<{ id: string }> }) => answer.body[0].id;
