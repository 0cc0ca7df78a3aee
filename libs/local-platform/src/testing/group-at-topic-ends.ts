import { randomUUID } from 'node:crypto';
import { commitGroupAtTopicEnds, createKafka } from '@care-events/messaging';

/**
 * A new consumer group that starts at the current end of the topics: a service under test then
 * reads only what its test publishes, not every event other tests left on the shared broker (late
 * in a run, catching up on those took longer than a test waits).
 */
export async function groupAtTopicEnds(topics: string[], prefix: string, brokers = process.env.KAFKA_BROKERS ?? ''): Promise<string> {
  const groupId = `${prefix}-${randomUUID()}`;
  await commitGroupAtTopicEnds(createKafka({ brokers: brokers.split(','), clientId: 'test-group-offsets' }), groupId, topics);
  return groupId;
}
