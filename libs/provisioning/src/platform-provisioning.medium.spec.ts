import { createKafka, provisionTopics } from '@care-events/messaging';
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
