import { Admin } from 'kafkajs';
import { TopicNotFoundError } from './subscriber-errors';

export interface StartOptions {
  topic: string;
  groupId: string;
  since?: Date;
  fromBeginning: boolean;
}

export interface StartPlan {
  /** The feed is read from its very start, where a subscription's first copy must be number 1. */
  startsAtOne: boolean;
  /** Offsets to seek to once the consumer runs: the first copy at or after `since` on each partition the group has no offset for. */
  seeks: Array<{ partition: number; offset: string }>;
}

/**
 * Where a consumer group starts on partitions it has no committed offset for: at the first copy
 * written at or after `since`, else at the beginning or the end. A group that committed offsets
 * resumes from them, whatever these options say.
 */
export async function planStart(admin: Admin, { topic, groupId, since, fromBeginning }: StartOptions): Promise<StartPlan> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const partitions = offsets?.partitions ?? [];
  const uncommitted = partitions.filter((p) => Number(p.offset) < 0).map((p) => p.partition);
  const seeks = since && uncommitted.length > 0
    ? (await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime())).filter(({ partition }) => uncommitted.includes(partition))
    : [];
  return { startsAtOne: !since && fromBeginning && uncommitted.length === partitions.length, seeks };
}

export async function requireTopic(admin: Admin, topic: string): Promise<string[]> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) throw new TopicNotFoundError(topic);
  return topics;
}
