import { createKafka, provisionTopics } from '@care-events/messaging';
import { declaredTopics, provisionKafkaTopics } from './provisioning';
import { createThrowawayDatabase } from './testing/throwaway-database';
import { answers } from './postgres-server';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');
const registry = () => process.env.SCHEMA_REGISTRY_URL as string;

describe('provisioning on the test platform', () => {
  it('creates every declared topic and its dead-letter topic with the declared partitions', async () => {
    const report = await provisionKafkaTopics(brokers());
    expect(report.created).toEqual([]); // globalSetup provisioned already: a second run changes nothing
    const admin = createKafkaAdmin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: ['identity.patient.v1', 'identity.patient.v1.dlq'] });
      expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
        ['identity.patient.v1', 6],
        ['identity.patient.v1.dlq', 1],
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('caps replication at the size of the cluster', () => {
    const [identity] = declaredTopics(1);
    expect(identity).toMatchObject({ replicationFactor: 1, config: { 'min.insync.replicas': '1', 'retention.ms': '-1' } });
    expect(declaredTopics(5)[0]).toMatchObject({ replicationFactor: 3, config: { 'min.insync.replicas': '2' } });
  });

  it('grows a topic that has fewer partitions than declared, and never shrinks one', async () => {
    const kafka = createKafka({ brokers: brokers(), clientId: 'provisioning-test' });
    const name = `test.grow.${Date.now()}`;
    const declaration = { name, partitions: 1, replicationFactor: 1, config: {} };
    expect((await provisionTopics(kafka, [declaration])).created).toEqual([name]);
    expect((await provisionTopics(kafka, [{ ...declaration, partitions: 3 }])).grown).toEqual([name]);
    expect((await provisionTopics(kafka, [declaration])).unchanged).toEqual([name]);
  });

  it('holds every event subject to BACKWARD_TRANSITIVE in the registry', async () => {
    const subject = encodeURIComponent('identity.patient.v1-care.events.identity.PatientRegistered');
    const config = (await (await fetch(`${registry()}/config/${subject}`)).json()) as { compatibilityLevel?: string; compatibility?: string };
    expect(config.compatibilityLevel ?? config.compatibility).toBe('BACKWARD_TRANSITIVE');
  });

  it('gives each suite a database of its own and drops it afterwards', async () => {
    const database = await createThrowawayDatabase('provisioning');
    expect(await answers(database.url)).toBe(true);
    await database.drop();
    expect(await answers(database.url)).toBe(false);
  });
});

function createKafkaAdmin() {
  return createKafka({ brokers: brokers(), clientId: 'provisioning-test' }).admin();
}
