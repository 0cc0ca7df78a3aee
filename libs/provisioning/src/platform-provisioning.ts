import { eventContracts } from '@care-events/contracts';
import { provisionAnalyticsFeeds } from './analytics-feeds';
import {
  clusterSize, createKafka, declaredTopicsOf, provisionTopics, ProvisioningOptions, ProvisioningReport, readTopicsFile, SchemaRegistryClient, subjectFor, topicFromTemplate,
  TopicDeclaration, TopicsFile,
} from '@care-events/messaging';

/** deploy/topics.json, with replication capped at the size of the cluster it is applied to. */
export function declaredTopics(brokerCount: number): TopicDeclaration[] {
  return declaredTopicsOf(readTopicsFile(), brokerCount);
}

/**
 * The declared topics, and every topic already made from a template (each care setting's copy): those
 * were made at run time with the template's config of that day, and are brought to today's (a changed
 * retention, say) here too.
 */
export async function provisionKafkaTopics(brokers: string[], options: ProvisioningOptions = {}): Promise<ProvisioningReport> {
  const kafka = createKafka({ brokers, clientId: 'care-events-provisioning' });
  const brokerCount = await clusterSize(kafka);
  const file = readTopicsFile();
  return provisionTopics(kafka, [...declaredTopicsOf(file, brokerCount), ...(await madeFromTemplates(kafka, file, brokerCount))], options);
}

/** The declarations of `existing` topics whose names one of the file's templates gives. */
export function templatedTopics(file: TopicsFile, existing: string[], brokerCount: number): TopicDeclaration[] {
  return (file.templates ?? []).flatMap((template) => {
    const pattern = new RegExp(`^${template.name.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^.]+)')}$`);
    return existing.flatMap((name) => {
      const values = pattern.exec(name)?.groups;
      return values ? [topicFromTemplate(file, template.template, values, brokerCount)] : [];
    });
  });
}

/**
 * The existing topics a template made, declared with the partitions they have: their maker (care-router,
 * a test) chose those, and provisioning brings only their config to the template's.
 */
async function madeFromTemplates(kafka: ReturnType<typeof createKafka>, file: TopicsFile, brokerCount: number): Promise<TopicDeclaration[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const made = templatedTopics(file, await admin.listTopics(), brokerCount);
    if (made.length === 0) return [];
    const { topics } = await admin.fetchTopicMetadata({ topics: made.map((topic) => topic.name) });
    const partitions = new Map(topics.map((topic) => [topic.name, topic.partitions.length]));
    return made.map((topic) => ({ ...topic, partitions: partitions.get(topic.name) ?? topic.partitions }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Registers every event schema under its TopicRecordNameStrategy subject: a deploy-time step, as
 * services only look ids up. BACKWARD_TRANSITIVE is the registry-wide default (so every subject,
 * including one added by hand, is held to it) and each event subject's own level as well.
 */
export async function registerEventSchemas(registryUrl: string): Promise<number> {
  const registry = new SchemaRegistryClient(registryUrl);
  await registry.setDefaultCompatibility('BACKWARD_TRANSITIVE');
  for (const contract of Object.values(eventContracts)) {
    const subject = subjectFor(contract.topic, contract.fullName);
    await registry.register(subject, contract.schema);
    await registry.setCompatibility(subject, 'BACKWARD_TRANSITIVE');
  }
  return Object.keys(eventContracts).length;
}

/** Topics and schemas on a running broker and registry: the step every entry point needs before services start. */
export async function provisionMessaging(platform: { kafkaBrokers: string[]; registryUrl: string }) {
  const topics = await provisionKafkaTopics(platform.kafkaBrokers);
  const schemas = await registerEventSchemas(platform.registryUrl);
  const analyticsSubjects = await provisionAnalyticsFeeds(platform);
  return { topics, schemas: schemas + analyticsSubjects };
}
