import { randomUUID } from 'node:crypto';
import { ConsumerGroupAdmin, createKafka } from '@care-events/messaging';

/**
 * A new consumer group that starts at the current end of the topics: a service under test then
 * reads only what its test publishes, not every event other tests left on the shared broker (late
 * in a run, catching up on those took longer than a test waits).
 */
export async function groupAtTopicEnds(topics: string[], prefix: string, brokers = process.env.KAFKA_BROKERS ?? ''): Promise<string> {
  const group = new ConsumerGroupAdmin(createKafka({ brokers: brokers.split(','), clientId: 'test-group-offsets' }), `${prefix}-${randomUUID()}`);
  try {
    await group.moveToEnd(topics);
  } finally {
    await group.close();
  }
  return group.groupId;
}
