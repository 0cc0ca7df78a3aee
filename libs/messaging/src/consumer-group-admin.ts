import { Kafka } from 'kafkajs';
import { PartitionRange, TopicRanges } from './topic-ranges';

/**
 * A consumer group seen from outside it, over one admin connection kept open: how far it got, how
 * far behind it is, whether anyone is in it, and moving it back to the start of its topics (which
 * Kafka allows only while it has no members).
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

  /**
   * The group starts again at the first message still kept on every partition of the topics. As
   * kafkajs's admin.setOffsets does for one topic, a member joins the group, seeks and leaves at its
   * first fetch, committing the offsets sought; here for all topics in one join, as each join waits
   * for the broker's initial rebalance delay.
   */
  async rewindToEarliest(topics: string[]): Promise<void> {
    const ranges = await this.ranges(topics);
    if ((await this.memberCount()) > 0) throw new Error(`consumer group "${this.groupId}" has members: its offsets move only while it is empty`);
    const member = this.kafka.consumer({ groupId: this.groupId });
    await member.connect();
    try {
      await member.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        member.on(member.events.FETCH, () => void member.stop().then(resolve, reject));
        member.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
        member.pause(topics.map((topic) => ({ topic })));
        for (const [topic, partitions] of ranges) for (const [partition, { low }] of partitions) member.seek({ topic, partition, offset: String(low) });
      });
    } finally {
      await member.disconnect();
    }
  }
}

function behind(ranges: Map<number, PartitionRange> | undefined, committed: Map<number, bigint> | undefined): bigint {
  let total = 0n;
  for (const [partition, { low, high }] of ranges ?? []) {
    const next = committed?.get(partition) ?? low;
    total += high > next ? high - (next > low ? next : low) : 0n;
  }
  return total;
}
