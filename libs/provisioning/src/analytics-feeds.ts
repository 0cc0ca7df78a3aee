// deploy/ belongs to no project: the declaration is compiled in, so a built provisioning step carries the one it was built with.
// eslint-disable-next-line @nx/enforce-module-boundaries
import declared from '../../../deploy/analytics/recipients.json';
import { analyticsContractFor } from '@care-events/contracts';
import { clusterSize, createKafka, provisionTopics, readTopicsFile, SchemaRegistryClient, subjectFor, topicFromTemplate } from '@care-events/messaging';

/** What provisioning needs of a recipient of deploy/analytics/recipients.json: its name and record types. */
export interface FeedRecipient {
  name: string;
  types: string[];
}

/** Every recipient also receives withdrawals (docs/analytics.md). */
const WITHDRAWAL = 'withdrawal';

export function declaredFeedRecipients(): FeedRecipient[] {
  return declared.recipients;
}

/** Each recipient's topics, analytics.<recipient>.<type>.v1 (the analytics template), with their record's contract. */
export function analyticsFeedTopics(recipients: FeedRecipient[], brokerCount: number) {
  const file = readTopicsFile();
  return recipients.flatMap((recipient) =>
    [...recipient.types, WITHDRAWAL].map((type) => ({
      declaration: topicFromTemplate(file, 'analytics', { recipient: recipient.name, type }, brokerCount),
      contract: analyticsContractFor(type),
    })),
  );
}

/**
 * The recipients' topics, and their one schema each under `<topic>-value` (the template's TopicNameStrategy),
 * BACKWARD_TRANSITIVE like every subject: a deploy-time step, as the service only looks ids up.
 */
export async function provisionAnalyticsFeeds(platform: { kafkaBrokers: string[]; registryUrl: string }, recipients = declaredFeedRecipients()): Promise<number> {
  const kafka = createKafka({ brokers: platform.kafkaBrokers, clientId: 'care-events-provisioning' });
  const feeds = analyticsFeedTopics(recipients, await clusterSize(kafka));
  await provisionTopics(kafka, feeds.map((feed) => feed.declaration));
  const registry = new SchemaRegistryClient(platform.registryUrl);
  for (const { declaration, contract } of feeds) {
    const subject = subjectFor(declaration.name, contract.fullName);
    await registry.register(subject, contract.schema);
    await registry.setCompatibility(subject, 'BACKWARD_TRANSITIVE');
  }
  return feeds.length;
}
