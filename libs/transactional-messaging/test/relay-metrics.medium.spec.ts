import { EventProducer, ProducedMessage } from '@care-events/messaging';
import { OutboxWriter, RelayMetrics, SqlOutboxStore } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, until } from './messaging-harness';
import { relayFactory } from './relay-fixtures';

/** A real producer whose first send fails, as when the broker is briefly out of reach. */
class ProducerFailingOnce extends EventProducer {
  private failed = false;

  override async send(messages: ProducedMessage[]): Promise<void> {
    if (!this.failed) {
      this.failed = true;
      throw new Error('broker unreachable');
    }
    await super.send(messages);
  }
}

describe('outbox relay metrics', () => {
  it('counts a batch that failed, then each row published by its event type', async () => {
    const harness = await messagingHarness();
    const relays = relayFactory(harness);
    const producer = new ProducerFailingOnce(harness.kafka);
    const published: string[] = [];
    let failures = 0;
    const metrics: RelayMetrics = {
      published: (rows) => published.push(...rows.map((row) => row.eventType)),
      failed: () => (failures += 1),
    };
    try {
      const events = Array.from({ length: 3 }, () => ({ type: PATIENT_REGISTERED, value: patientRegistered() }));
      await harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, events));
      relays.create({ producer, options: { metrics } }).start();
      await until(async () => (await new SqlOutboxStore(harness.dataSource).backlog()).unsent === 0);
      expect(failures).toBe(1);
      expect(published).toEqual([PATIENT_REGISTERED, PATIENT_REGISTERED, PATIENT_REGISTERED]);
    } finally {
      await relays.stopAll();
      await producer.disconnect();
      await harness.close();
    }
  });
});
