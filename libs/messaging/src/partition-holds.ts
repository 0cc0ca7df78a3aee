/** A partition that does not move: its message at `offset` keeps failing on infrastructure or overruns its time. */
export interface HeldPartition {
  topic: string;
  partition: number;
  offset: string;
  /** When the message first failed: how long the partition has stood still. */
  since: string;
  attempts: number;
  reason: string;
}

/** What readiness shows of a consumer: degraded while any partition is held. */
export interface ConsumerStatus {
  state: 'ok' | 'degraded';
  heldPartitions: HeldPartition[];
}

type Position = Pick<HeldPartition, 'topic' | 'partition' | 'offset'>;

/** The partitions a consumer currently holds, by topic and partition. */
export class PartitionHolds {
  private readonly held = new Map<string, HeldPartition>();

  /** Records another failed attempt; returns the hold (its `since` is the first failure's). */
  hold(position: Position, reason: string, attempts: number, now = new Date()): HeldPartition {
    const key = keyOf(position);
    const current = this.held.get(key);
    const since = current && current.offset === position.offset ? current.since : now.toISOString();
    const hold = { ...position, since, attempts, reason };
    this.held.set(key, hold);
    return hold;
  }

  /** Forgets the hold; returns it if there was one. */
  release(position: Position): HeldPartition | undefined {
    const key = keyOf(position);
    const hold = this.held.get(key);
    this.held.delete(key);
    return hold;
  }

  status(): ConsumerStatus {
    const heldPartitions = [...this.held.values()];
    return { state: heldPartitions.length ? 'degraded' : 'ok', heldPartitions };
  }
}

const keyOf = ({ topic, partition }: Position) => `${topic}/${partition}`;
