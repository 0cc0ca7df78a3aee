import { Admin, Kafka } from 'kafkajs';

/** Where a partition's messages start (low) and where the next one will go (high). */
export interface PartitionRange {
  low: bigint;
  high: bigint;
}

/**
 * Where topics' partitions start and end, over one admin connection kept open. Topics the cluster
 * does not have are left out at once: asked for directly, the client would retry them for half a
 * minute, holding up the answer for all the others.
 */
export class TopicRanges {
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(protected readonly kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async ranges(topics: string[]): Promise<Map<string, Map<number, PartitionRange>>> {
    const admin = await this.ready();
    const existing = new Set(await admin.listTopics());
    const entries = await Promise.all(
      [...new Set(topics)].filter((topic) => existing.has(topic)).map(async (topic) => {
        const offsets = await admin.fetchTopicOffsets(topic);
        return [topic, new Map(offsets.map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]))] as const;
      }),
    );
    return new Map(entries);
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
    this.connected = undefined;
  }

  protected async ready(): Promise<Admin> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    return this.admin;
  }
}
