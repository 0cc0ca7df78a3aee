import { declaredTopics, PlatformStatus } from '@care-events/local-platform';
import { deadLetterTopic, TopicRanges } from '@care-events/messaging';
import { cliKafka } from './cli-settings';

/** The `.dlq` topics of deploy/topics.json: the messages each keeps (high minus low over its partitions). */
export async function deadLetterSizes(kafka: ReturnType<typeof cliKafka>): Promise<PlatformStatus['deadLetters']> {
  // The broker count caps only replication, which this does not look at.
  const topics = declaredTopics(1).filter((topic) => topic.deadLetter).map((topic) => deadLetterTopic(topic.name));
  const ranges = new TopicRanges(kafka);
  try {
    const found = await ranges.ranges(topics);
    const sizes = topics.flatMap((topic) => {
      const partitions = found.get(topic);
      return partitions ? [{ topic, messages: [...partitions.values()].reduce((sum, { low, high }) => sum + (high - low), 0n) }] : [];
    });
    return { sizes, absent: topics.filter((topic) => !found.has(topic)) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await ranges.close();
  }
}
