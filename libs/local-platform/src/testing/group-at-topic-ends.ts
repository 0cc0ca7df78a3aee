import { randomUUID } from 'node:crypto';
import { createKafka } from '@care-events/messaging';

/**
 * A new consumer group that starts at the current end of the topics: a service under test then
 * reads only what its test publishes, not every event other tests left on the shared broker.
 * One topic after the other: kafkajs sets offsets by joining the group with a consumer of its own,
 * so two at once would rebalance each other.
 */
export async function groupAtTopicEnds(topics: string[], prefix: string, brokers = process.env.KAFKA_BROKERS ?? ''): Promise<string> {
  const groupId = `${prefix}-${randomUUID()}`;
  const admin = createKafka({ brokers: brokers.split(','), clientId: 'test-group-offsets' }).admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    }
  } finally {
    await admin.disconnect();
  }
  return groupId;
}
