import { randomUUID } from 'node:crypto';
import { FollowedMessage, PartitionRange, TopicFollower } from '@care-events/messaging';
import { cliKafka } from './cli-settings';

const READ_TIMEOUT_MS = 60_000;

/**
 * Every message a topic held when asked, read from its start up to the high watermarks of that moment
 * (later ones are left for another look), in a group of its own that commits nothing.
 */
export async function readTopicSnapshot(kafka: ReturnType<typeof cliKafka>, topic: string, ranges: Map<number, PartitionRange>): Promise<FollowedMessage[]> {
  const pending = new Map([...ranges].filter(([, { low, high }]) => high > low).map(([partition, { high }]) => [partition, high]));
  if (pending.size === 0) return [];
  const messages: FollowedMessage[] = [];
  const follower = new TopicFollower(kafka, { groupId: `platform-cli-${randomUUID()}`, topics: [topic], fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`${topic}: read ${messages.length} messages, but not up to the end, within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
      follower.start((message) => {
        const high = pending.get(message.partition);
        if (high === undefined || message.offset >= high) return;
        messages.push(message);
        if (message.offset + 1n >= high) pending.delete(message.partition);
        if (pending.size === 0) {
          clearTimeout(deadline);
          resolve();
        }
      }).catch(reject);
    });
  } finally {
    await follower.stop();
  }
  return messages.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}
