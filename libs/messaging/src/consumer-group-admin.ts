import { Kafka } from 'kafkajs';
import { PartitionRange, TopicRanges } from './topic-ranges';

/**
 * A consumer group seen from outside it, over one admin connection kept open: how far it got, how
 * far behind it is, whether anyone is in it, and moving it to the start or the end of its topics
 * (which Kafka allows only while it has no members).
 */
export class ConsumerGroupAdmin extends TopicRanges {
  constructor(kafka: Kafka, readonly groupId: string) {
    super(kafka);
  }

  async memberCount(): Promise<number> {
    const { groups } = await (await this.ready()).describeGroups([this.groupId]);
    return groups[0]?.members.length ?? 0;
  }

  /** The next offset the group will read on each partition, where it committed one. */
  async committed(topics: string[]): Promise<Map<string, Map<number, bigint>>> {
    const offsets = await (await this.ready()).fetchOffsets({ groupId: this.groupId, topics });
    return new Map(
      offsets.map(({ topic, partitions }) => [topic, new Map(partitions.filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, BigInt(p.offset)]))]),
    );
  }

  /** Messages the group has yet to read, per topic: from its committed offset, or the start where it has none, to the end. */
  async lag(topics: string[]): Promise<Map<string, bigint>> {
    const [ranges, committed] = await Promise.all([this.ranges(topics), this.committed(topics)]);
    return new Map(topics.map((topic) => [topic, behind(ranges.get(topic), committed.get(topic))]));
  }

  /** The group starts again at the first message still kept on every partition of the topics. */
  rewindToEarliest(topics: string[]): Promise<void> {
    return this.moveTo(topics, ({ low }) => low);
  }

  /**
   * The group reads only what is published from now on: its offsets go to the end of every partition
   * (a consumer's fromBeginning: false would instead take the end at its first fetch, missing what
   * came between).
   */
  moveToEnd(topics: string[]): Promise<void> {
    return this.moveTo(topics, ({ high }) => high);
  }

  /**
   * As kafkajs's admin.setOffsets does for one topic, a member joins the group, seeks (kafkajs commits
   * a joined member's seeks) and leaves once the group's committed offsets say so; here for all
   * topics in one join, as each join waits for the broker's initial rebalance delay.
   */
  private async moveTo(topics: string[], offsetIn: (range: PartitionRange) => bigint): Promise<void> {
    const ranges = await this.ranges(topics);
    if ((await this.memberCount()) > 0) throw new Error(`consumer group "${this.groupId}" has members: its offsets move only while it is empty`);
    const targets = [...ranges].flatMap(([topic, partitions]) => [...partitions].map(([partition, range]) => ({ topic, partition, offset: offsetIn(range) })));
    // Fetches of paused partitions return at once rather than after the default five seconds.
    const member = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
    await member.connect();
    try {
      await member.subscribe({ topics: [...ranges.keys()], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`consumer group "${this.groupId}": its new offsets were not committed within ${MOVE_TIMEOUT_MS / 1000} s`)), MOVE_TIMEOUT_MS);
        const done = () => {
          clearTimeout(deadline);
          resolve();
        };
        member.on(member.events.FETCH, () => void this.committedAt(targets).then((committed) => committed && done(), reject));
        member.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
        member.pause([...ranges.keys()].map((topic) => ({ topic })));
        for (const { topic, partition, offset } of targets) member.seek({ topic, partition, offset: String(offset) });
      });
    } finally {
      await member.disconnect();
    }
  }

  private async committedAt(targets: Array<{ topic: string; partition: number; offset: bigint }>): Promise<boolean> {
    const committed = await this.committed([...new Set(targets.map(({ topic }) => topic))]);
    return targets.every(({ topic, partition, offset }) => committed.get(topic)?.get(partition) === offset);
  }
}

const MOVE_TIMEOUT_MS = 60_000;

function behind(ranges: Map<number, PartitionRange> | undefined, committed: Map<number, bigint> | undefined): bigint {
  let total = 0n;
  for (const [partition, { low, high }] of ranges ?? []) {
    const next = committed?.get(partition) ?? low;
    total += high > next ? high - (next > low ? next : low) : 0n;
  }
  return total;
}
