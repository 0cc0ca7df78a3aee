import { randomUUID } from 'node:crypto';
import { eventIdentityOf, eventLine } from '@care-events/local-platform';
import { TopicFollower, TopicRanges } from '@care-events/messaging';
import { CliSettings, cliKafka, eventCodec } from './cli-settings';
import { decodeEvent } from './event-decoding';

export interface TailOptions {
  /** Only this patient's events (the events' patientId). */
  patient?: string;
  /** From the first message kept; otherwise only events published from now on. */
  fromBeginning: boolean;
}

/** `platform tail <topic>`: each event decoded through the registry, one line each, until Ctrl-C. */
export async function tail(settings: CliSettings, topic: string, options: TailOptions): Promise<void> {
  const kafka = cliKafka(settings);
  const topicRanges = new TopicRanges(kafka);
  const exists = (await topicRanges.ranges([topic]).finally(() => topicRanges.close())).has(topic);
  if (!exists) throw new Error(`Kafka at ${settings.brokers.join(',')} has no topic ${topic}`);
  const codec = eventCodec(settings);
  const follower = new TopicFollower(kafka, { groupId: `platform-tail-${randomUUID()}`, topics: [topic], fromBeginning: options.fromBeginning });
  const stopped = new Promise<void>((resolve, reject) => {
    const stop = () => void follower.stop().then(resolve, reject);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const patient = options.patient ? ` for patient ${options.patient}` : '';
  process.stderr.write(`Following ${topic}${patient} ${options.fromBeginning ? 'from its first message' : 'from now'}; Ctrl-C to stop.\n`);
  await follower.start(async ({ partition, offset, timestamp, headers, value }) => {
    const decoded = await decodeEvent(codec, value);
    if (options.patient && eventIdentityOf(headers, decoded).patientId !== options.patient) return;
    process.stdout.write(`${eventLine({ partition, offset, timestamp, headers, decoded })}\n`);
  });
  await stopped;
}
