/**
 * Per partition, the high watermark of its latest fetch and the next offset to process: the lag
 * is what lies between. Only partitions of the current assignment are kept.
 */
export class PartitionPositions {
  private readonly partitions = new Map<string, { topic: string; partition: number; highWatermark: bigint; next: bigint }>();

  fetched(topic: string, partition: number, highWatermark: string, firstOffset: string): void {
    const position = this.positionOf(topic, partition);
    position.highWatermark = BigInt(highWatermark);
    // Before the batch's first message there is nothing this member has still to do.
    if (position.next < BigInt(firstOffset)) position.next = BigInt(firstOffset);
  }

  processed(topic: string, partition: number, offset: string): void {
    const position = this.positionOf(topic, partition);
    const next = BigInt(offset) + 1n;
    if (next > position.next) position.next = next;
  }

  assigned(assignment: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.partitions) {
      if (!assignment[topic]?.includes(partition)) this.partitions.delete(key);
    }
  }

  /** Messages fetched (or known to be on the partition) that this member has not yet processed. */
  lags(): Array<{ topic: string; partition: number; lag: number }> {
    return [...this.partitions.values()].map(({ topic, partition, highWatermark, next }) => ({
      topic, partition, lag: Number(highWatermark > next ? highWatermark - next : 0n),
    }));
  }

  private positionOf(topic: string, partition: number) {
    const key = `${topic}/${partition}`;
    let position = this.partitions.get(key);
    if (!position) {
      position = { topic, partition, highWatermark: 0n, next: 0n };
      this.partitions.set(key, position);
    }
    return position;
  }
}
