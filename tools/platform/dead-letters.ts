import { DeadLetterMessage, deadLetterReport } from '@care-events/local-platform';
import { deadLetterTopic, TopicRanges } from '@care-events/messaging';
import { CliSettings, cliKafka, eventCodec } from './cli-settings';
import { decodeEvent } from './event-decoding';
import { readTopicSnapshot } from './topic-snapshot';

/** `platform dlq list <topic>`: the dead letters of `<topic>.dlq`, each with its dlq_* headers, and a count per error type. */
export async function listDeadLetters(settings: CliSettings, topic: string): Promise<void> {
  const dlq = topic.endsWith('.dlq') ? topic : deadLetterTopic(topic);
  const kafka = cliKafka(settings);
  const topicRanges = new TopicRanges(kafka);
  const ranges = await topicRanges.ranges([dlq]).finally(() => topicRanges.close());
  const partitions = ranges.get(dlq);
  if (!partitions) throw new Error(`Kafka at ${settings.brokers.join(',')} has no topic ${dlq}`);
  const codec = eventCodec(settings);
  const letters: DeadLetterMessage[] = await Promise.all(
    (await readTopicSnapshot(kafka, dlq, partitions)).map(async ({ partition, offset, headers, value }) => ({ partition, offset, headers, decoded: await decodeEvent(codec, value) })),
  );
  process.stdout.write(`${deadLetterReport(dlq, letters).join('\n')}\n`);
}
