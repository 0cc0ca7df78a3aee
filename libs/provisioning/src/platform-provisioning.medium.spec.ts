import { createKafka, provisionTopics, readTopicsFile } from '@care-events/messaging';
import { provisionKafkaTopics } from './platform-provisioning';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');

describe('provisioning an existing platform', () => {
  it('brings a care setting\'s topic made under an older template to the declared retention, keeping an operator\'s keys', async () => {
    const kafka = createKafka({ brokers: brokers(), clientId: 'provisioning-test' });
    const name = `care-setting.T${Date.now()}.events.v1`;
    // As care-router made it when the template kept events for ever; an operator has since raised the message size.
    await provisionTopics(kafka, [{ name, partitions: 1, replicationFactor: 1, config: { 'retention.ms': '-1', 'max.message.bytes': '2097152' } }]);

    const report = await provisionKafkaTopics(brokers());

    expect(report.reconfigured).toContain(name);
    expect(await topicConfig(kafka, name)).toMatchObject({ 'retention.ms': String(30 * 24 * 60 * 60 * 1000), 'max.message.bytes': '2097152' });
    expect((await provisionKafkaTopics(brokers())).unchanged).toContain(name);
  });

  it('keeps the partitions a topic made from a template was given, fewer or more than the template says now', async () => {
    const kafka = createKafka({ brokers: brokers(), clientId: 'provisioning-test' });
    // Made by hand, by a test or under an older template: provisioning must neither refuse the run nor report them.
    const template = readTopicsFile().templates!.find((candidate) => candidate.partitions > 1)!;
    const fewer = template.name.replace(/\{(\w+)\}/g, `F${Date.now()}`);
    const more = `care-setting.M${Date.now()}.events.v1`;
    await provisionTopics(kafka, [fewer, more].map((name, index) => ({ name, partitions: index === 0 ? template.partitions - 1 : 2, replicationFactor: 1, config: {} })));

    const report = await provisionKafkaTopics(brokers());

    expect(report.reconfigured).toEqual(expect.arrayContaining([fewer, more]));
    expect(report.morePartitionsThanDeclared).not.toContain(more);
  });
});

async function topicConfig(kafka: ReturnType<typeof createKafka>, topic: string): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
    return Object.fromEntries(described.resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
  } finally {
    await admin.disconnect();
  }
}
