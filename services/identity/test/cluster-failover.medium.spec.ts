import {
  acceptedEvents, outboxPublished, auditOnceDelivered, eventually, outboxDrained, provisionKafkaTopics, RunningKafkaCluster, ServiceUnderTest,
  startKafkaCluster, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { createKafka, TopicTap } from '@care-events/messaging';
import { IdentityModule } from '../src/identity.module';
import { SteadyWriters } from './steady-writers';

const TOPIC = 'identity.patient.v1';
/** ConfigResourceTypes.TOPIC of the Kafka protocol. */
const TOPIC_RESOURCE = 2;

/**
 * On a three-node cluster (replication 3, min.insync.replicas 2) the node leading most of the
 * topic's partitions is SIGKILLed while the relay publishes a steady stream of writes, and later
 * restarted. A subscriber of its own must then find every accepted event, in each patient's order.
 */
describe('identity on a three-broker cluster losing a partition leader', () => {
  let cluster: RunningKafkaCluster;
  let service: ServiceUnderTest;
  let tap: TopicTap;

  beforeAll(async () => {
    cluster = await startKafkaCluster({ brokers: 3, heapMb: 448 });
    await provisionKafkaTopics(cluster.brokers);
    service = await startServiceUnderTest('identity', IdentityModule, { KAFKA_BROKERS: cluster.brokers.join(',') });
  }, 180_000);

  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
    await cluster?.stop();
  }, 120_000);

  it('keeps three copies of each partition, two of them required in sync', async () => {
    const admin = createKafka({ brokers: cluster.brokers, clientId: 'test-cluster' }).admin();
    await admin.connect();
    try {
      const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
      expect(partitions.map((p) => p.replicas.length)).toEqual(Array(6).fill(3));
      const { resources } = await admin.describeConfigs({ resources: [{ type: TOPIC_RESOURCE, name: TOPIC, configNames: ['min.insync.replicas'] }], includeSynonyms: false });
      expect(resources[0].configEntries[0]).toMatchObject({ configName: 'min.insync.replicas', configValue: '2' });
    } finally {
      await admin.disconnect();
    }
  });

  it('publishes every accepted write once by eventId, in order, through a leader SIGKILL and restart', async () => {
    const writers = new SteadyWriters(service.url, 8);
    try {
      await outboxPublished(service.database.url, 200);
      const victim = await busiestLeader(cluster);
      // Stalled first, so that the relay's batch is surely waiting on it when it dies.
      cluster.suspend(victim);
      await writers.acceptMore(50);
      await cluster.kill(victim);
      await writers.acceptMore(300);
      await eventually('the partitions of the killed node led by the others', async () => !(await leaders(cluster)).includes(victim), 60_000);
      await cluster.restart(victim);
      await writers.acceptMore(200);
    } finally {
      await writers.stop();
    }

    await outboxDrained(service.database.url);
    const accepted = await acceptedEvents(service.database.url);
    // A subscriber that joins after the faults: it reads what the topic durably holds.
    tap = await tapTopics([TOPIC], cluster.brokers.join(','));
    const figures = await auditOnceDelivered(accepted, tap, TOPIC, cluster.brokers);
    process.stdout.write(`three-broker failover: ${JSON.stringify({ ...figures, writesAccepted: writers.accepted })}\n`);

    expect(accepted.length).toBe(writers.accepted);
    expect(figures).toMatchObject({ found: accepted.length, missing: 0, outOfOrder: 0, unknown: 0 });
  }, 300_000);
});

async function leaders(cluster: RunningKafkaCluster): Promise<number[]> {
  return Promise.all(Array.from({ length: 6 }, (_, partition) => cluster.leaderOf(TOPIC, partition)));
}

/** The node leading most of the topic's partitions: killing it cuts most in-flight batches. */
async function busiestLeader(cluster: RunningKafkaCluster): Promise<number> {
  const count = (nodeId: number, all: number[]) => all.filter((leader) => leader === nodeId).length;
  const all = await leaders(cluster);
  return [...cluster.nodeIds].sort((a, b) => count(b, all) - count(a, all))[0];
}
