import { ConsumerGroupAdmin, consumedTopics } from '@care-events/messaging';
import { CliSettings, cliKafka } from './cli-settings';

/**
 * `platform rewind <service>`: the service's consumer group starts again at the first message kept on
 * every topic it consumes, so that its projections are rebuilt from the topics (after its database was
 * lost or emptied). Kafka moves a group's offsets only while no member is in it: every replica of the
 * service must be stopped first. Its inbox makes the re-read events it already applied no-ops.
 */
export async function rewindService(settings: CliSettings, service: string): Promise<void> {
  const topics = consumedTopics(service);
  if (topics.length === 0) throw new Error(`${service} consumes no topic: there is nothing to rewind`);
  const group = new ConsumerGroupAdmin(cliKafka(settings), settings.consumerGroupOf(service));
  try {
    await group.rewindToEarliest(topics);
    const lag = await group.lag(topics);
    process.stdout.write(
      [`${service} (group ${group.groupId}) will read again from the first message kept on:`, ...topics.map((topic) => `  ${topic.padEnd(36)} ${lag.get(topic) ?? 0n} messages`)].join('\n') + '\n',
    );
  } finally {
    await group.close();
  }
}
