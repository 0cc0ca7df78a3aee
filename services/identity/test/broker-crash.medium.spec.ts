import {
  acceptedEvents, outboxPublished, auditDelivery, auditOnceDelivered, outboxDrained, outboxPosition, provisionKafkaTopics, RunningKafkaCluster,
  ServiceUnderTest, startKafkaCluster, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { databaseUrlVariable } from '@care-events/service-kit';
import { IdentityModule } from '../src/identity.module';
import { SteadyWriters } from './steady-writers';

const TOPIC = 'identity.patient.v1';

/**
 * The only broker is SIGKILLed while the relay publishes a steady stream of writes; writes go on
 * being accepted, the service is restarted while Kafka is still down, then the broker returns.
 */
describe('identity when its only broker dies mid-batch and the service restarts during the outage', () => {
  let broker: RunningKafkaCluster;
  let service: ServiceUnderTest;
  let restarted: ServiceUnderTest | undefined;
  let tap: TopicTap;

  beforeAll(async () => {
    broker = await startKafkaCluster({ brokers: 1, heapMb: 384 });
    await provisionKafkaTopics(broker.brokers);
    service = await startServiceUnderTest('identity', IdentityModule, { KAFKA_BROKERS: broker.brokers.join(',') });
  }, 120_000);

  afterAll(async () => {
    await tap?.stop();
    await restarted?.stop();
    if (!restarted) await service?.shutdown();
    await service?.database.drop();
    await broker?.stop();
  }, 120_000);

  it('publishes every accepted write, in order, and the writes of the outage exactly once', async () => {
    const before = new SteadyWriters(service.url, 6);
    let killedAt: number;
    try {
      await outboxPublished(service.database.url, 100);
      await broker.kill(1);
      killedAt = await outboxPosition(service.database.url);
      await before.acceptMore(100);
    } finally {
      await before.stop();
    }

    await service.shutdown();
    restarted = await startServiceUnderTest('identity', IdentityModule, {
      KAFKA_BROKERS: broker.brokers.join(','),
      [databaseUrlVariable('identity')]: service.database.url,
    });
    const after = new SteadyWriters(restarted.url, 6);
    try {
      await after.acceptMore(100);
    } finally {
      await after.stop();
    }
    await broker.restart(1);

    await outboxDrained(service.database.url);
    const accepted = await acceptedEvents(service.database.url);
    // A subscriber that joins after the faults: it reads what the topic durably holds.
    tap = await tapTopics([TOPIC], broker.brokers.join(','));
    const figures = await auditOnceDelivered(accepted, tap, TOPIC, broker.brokers);
    const acceptedDuringOutage = auditDelivery(accepted, tap.messages, (event) => event.position > killedAt);
    process.stdout.write(`single broker SIGKILL + service restart: ${JSON.stringify({ all: figures, acceptedDuringOutage })}\n`);

    expect(accepted.length).toBe(before.accepted + after.accepted);
    expect(figures).toMatchObject({ found: accepted.length, missing: 0, outOfOrder: 0, unknown: 0 });
    // Nothing of these left the service before the broker returned: each must arrive exactly once.
    expect(acceptedDuringOutage).toMatchObject({ missing: 0, duplicateArrivals: 0 });
    expect(acceptedDuringOutage.accepted).toBeGreaterThanOrEqual(200);
  }, 240_000);
});
