import { EventProducer, ProducedMessage } from '@care-events/messaging';
import { OutboxWriter, SqlOutboxStore } from '../src';
import { relayFactory } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

/** A real producer that remembers how many messages each send carried. */
class CountingProducer extends EventProducer {
  readonly sends: number[] = [];

  override async send(messages: ProducedMessage[]): Promise<void> {
    await super.send(messages);
    this.sends.push(messages.length);
  }
}

describe('outbox relay linger', () => {
  let harness: Harness;
  let relays: ReturnType<typeof relayFactory>;
  const producers: CountingProducer[] = [];

  beforeAll(async () => {
    harness = await messagingHarness();
    relays = relayFactory(harness);
  });

  afterAll(async () => {
    await relays?.stopAll();
    for (const producer of producers) await producer.disconnect();
    await harness?.close();
  });

  const commitOne = () => harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, [{ type: PATIENT_REGISTERED, value: patientRegistered() }]));
  const unsent = async () => (await new SqlOutboxStore(harness.dataSource).backlog()).unsent;

  /**
   * Two commits 300 ms apart on an idle relay, woken by notifications only (its fallback poll, 5 s,
   * does not come between them); the sizes of its sends.
   */
  async function twoCommitsApart(lingerMs: number): Promise<number[]> {
    const producer = new CountingProducer(harness.kafka);
    producers.push(producer);
    const relay = relays.create({ producer, options: { lingerMs, pollIntervalMs: 5_000 } });
    relay.start();
    await until(() => relay.status().leader);
    // Its first read found nothing: it now waits for a notification.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await commitOne();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await commitOne();
    await until(async () => (await unsent()) === 0);
    await relay.stop(1_000);
    return producer.sends;
  }

  it('sends a commit made while it lingers after a wake-up in the same batch as the one that woke it', async () => {
    expect(await twoCommitsApart(1_000)).toEqual([2]);
  });

  it('without a linger, sends each of the same two commits on its own', async () => {
    expect(await twoCommitsApart(0)).toEqual([1, 1]);
  });
});
