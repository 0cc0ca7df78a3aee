import { Kafka } from 'kafkajs';

/**
 * The next offset a consumer group will read on each partition of a topic, as committed to
 * Kafka (-1 where it committed nothing): how far a group got, seen from outside the group.
 */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, bigint>> {
  return withAdmin(kafka, async (admin) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
  });
}

/** The offset the next message on each partition of a topic will get (its high watermark). */
export async function latestOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  return withAdmin(kafka, async (admin) => new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, BigInt(high)])));
}

async function withAdmin<T>(kafka: Kafka, work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
