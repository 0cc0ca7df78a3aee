import { createKafka, PartitionIncreaseRefusedError, provisionTopics } from '@care-events/messaging';
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

  it('refuses to add partitions to an existing keyed topic, changing nothing, unless forced', async () => {
    const kafka = createKafka({ brokers: brokers(), clientId: 'provisioning-test' });
    const name = `test.grow.${Date.now()}`;
    const alsoMissing = `${name}.other`;
    const declaration = { name, partitions: 1, replicationFactor: 1, config: {} };
    expect((await provisionTopics(kafka, [declaration])).created).toEqual([name]);

    const grownDeclaration = { ...declaration, partitions: 3 };
    const refused = provisionTopics(kafka, [grownDeclaration, { ...declaration, name: alsoMissing }]);
    await expect(refused).rejects.toThrow(PartitionIncreaseRefusedError);
    await expect(refused).rejects.toThrow(new RegExp(`${name} \\(1 → 3\\).*out of order.*--force-partitions`));
    expect(await partitionCount(name)).toBe(1);
    expect(await topicExists(alsoMissing)).toBe(false); // a refused run creates nothing either

    expect((await provisionTopics(kafka, [grownDeclaration], { forcePartitions: true })).grown).toEqual([name]);
    expect(await partitionCount(name)).toBe(3);
    const again = await provisionTopics(kafka, [declaration]);
    expect(again).toMatchObject({ unchanged: [name], morePartitionsThanDeclared: [name] });
  });

  it('sets only the declared config keys and keeps the ones an operator set', async () => {
    const kafka = createKafka({ brokers: brokers(), clientId: 'provisioning-test' });
    const name = `test.config.${Date.now()}`;
    const declaration = { name, partitions: 1, replicationFactor: 1, config: { 'retention.ms': '86400000' } };
    await provisionTopics(kafka, [declaration]);
    const admin = createKafkaAdmin();
    await admin.connect();
    try {
      // An operator raises the message size limit (AlterConfigs replaces the whole set, so they repeat retention).
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name, configEntries: [
        { name: 'retention.ms', value: '86400000' }, { name: 'max.message.bytes', value: '2097152' },
      ] }] });
      const report = await provisionTopics(kafka, [{ ...declaration, config: { 'retention.ms': '172800000' } }]);
      expect(await topicConfig(admin, name)).toMatchObject({ 'retention.ms': '172800000', 'max.message.bytes': '2097152' });
      expect(report.reconfigured).toEqual([name]);
      expect((await provisionTopics(kafka, [{ ...declaration, config: { 'retention.ms': '172800000' } }])).unchanged).toEqual([name]);
    } finally {
      await admin.disconnect();
    }
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

async function partitionCount(topic: string): Promise<number> {
  const admin = createKafkaAdmin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;
  } finally {
    await admin.disconnect();
  }
}

async function topicExists(topic: string): Promise<boolean> {
  const admin = createKafkaAdmin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}

async function topicConfig(admin: ReturnType<typeof createKafkaAdmin>, topic: string): Promise<Record<string, string>> {
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
  return Object.fromEntries(described.resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
}

function createKafkaAdmin() {
  return createKafka({ brokers: brokers(), clientId: 'provisioning-test' }).admin();
}
