import { Admin, Kafka } from 'kafkajs';

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

/**
 * Commits a consumer group, new or with no member, at the current end of every partition of the
 * topics, so that it reads only what is published from now on (a consumer's fromBeginning:false
 * would instead take the end at its first fetch, missing what came between).
 * kafkajs commits a joined member's seek, so one short-lived member subscribed to every topic
 * seeks each partition to its end; it leaves once the group's committed offsets say so.
 */
export async function commitGroupAtTopicEnds(kafka: Kafka, groupId: string, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId });
  await Promise.all([admin.connect(), consumer.connect()]);
  try {
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      // Each fetch follows the seeks of the partitions it reads: after one per broker all are committed.
      consumer.on(consumer.events.FETCH, () => {
        committedAt(admin, groupId, ends).then((done) => done && resolve(), reject);
      });
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const { topic, partitions } of ends) {
        for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
      }
    });
  } finally {
    await Promise.all([consumer.disconnect(), admin.disconnect()]);
  }
}

async function committedAt(admin: Admin, groupId: string, ends: Array<{ topic: string; partitions: Array<{ partition: number; high: string }> }>): Promise<boolean> {
  const committed = await admin.fetchOffsets({ groupId, topics: ends.map(({ topic }) => topic) });
  const offsets = new Map(committed.flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => [`${topic}/${partition}`, offset])));
  return ends.every(({ topic, partitions }) => partitions.every(({ partition, high }) => offsets.get(`${topic}/${partition}`) === high));
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
