import { deadLetterReport, replayMessage, ReplaySelection, selectForReplay, StoredDeadLetter } from '@care-events/local-platform';
import { deadLetterTopic, EventProducer, TopicRanges } from '@care-events/messaging';
import { CliSettings, cliKafka, eventCodec } from './cli-settings';
import { decodeEvent } from './event-decoding';
import { readTopicSnapshot } from './topic-snapshot';

/** `platform dlq list <topic>`: the dead letters of `<topic>.dlq`, each with its dlq_* headers, and a count per error type. */
export async function listDeadLetters(settings: CliSettings, topic: string): Promise<void> {
  const dlq = dlqOf(topic);
  process.stdout.write(`${deadLetterReport(dlq, await readDeadLetters(settings, dlq)).join('\n')}\n`);
}

/**
 * `platform dlq replay <topic> (--id <eventId>… | --all) [--group <group>] [--dry-run]`: puts the chosen
 * dead letters back on the topic they came from. Every consumer's inbox already holds the events it
 * applied, so the groups that did not fail skip a replayed event, and replaying one twice applies it once.
 */
export async function replayDeadLetters(settings: CliSettings, topic: string, selection: ReplaySelection, dryRun: boolean): Promise<void> {
  const dlq = dlqOf(topic);
  const chosen = selectForReplay(await readDeadLetters(settings, dlq), selection);
  const messages = chosen.map((letter) => replayMessage(letter, dlq));
  const lines = chosen.map((letter, i) => `  ${messages[i].headers.dlq_replayed_from} -> ${messages[i].topic}  event ${letter.headers.ce_id ?? '-'}  (group ${letter.headers.dlq_consumer_group ?? '-'})`);
  if (dryRun) {
    process.stdout.write([`${dlq}: would replay ${chosen.length} dead letter${chosen.length === 1 ? '' : 's'} (--dry-run: nothing sent)`, ...lines].join('\n') + '\n');
    return;
  }
  const producer = new EventProducer(cliKafka(settings));
  try {
    // One send: the idempotent producer keeps them in order per partition, and either all are acknowledged or the command fails.
    if (messages.length) await producer.send(messages);
  } finally {
    await producer.disconnect();
  }
  process.stdout.write([`${dlq}: replayed ${chosen.length} dead letter${chosen.length === 1 ? '' : 's'}`, ...lines].join('\n') + '\n');
}

const dlqOf = (topic: string) => (topic.endsWith('.dlq') ? topic : deadLetterTopic(topic));

async function readDeadLetters(settings: CliSettings, dlq: string): Promise<StoredDeadLetter[]> {
  const kafka = cliKafka(settings);
  const topicRanges = new TopicRanges(kafka);
  const ranges = await topicRanges.ranges([dlq]).finally(() => topicRanges.close());
  const partitions = ranges.get(dlq);
  if (!partitions) throw new Error(`Kafka at ${settings.brokers.join(',')} has no topic ${dlq}`);
  const codec = eventCodec(settings);
  return Promise.all(
    (await readTopicSnapshot(kafka, dlq, partitions)).map(async ({ partition, offset, key, headers, value }) => ({ partition, offset, key, value, headers, decoded: await decodeEvent(codec, value) })),
  );
}
