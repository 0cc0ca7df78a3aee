import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { ConsumerGroupAdmin } from './consumer-group-admin';
import { createKafka } from './kafka-client';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');

describe('ConsumerGroupAdmin on the real broker', () => {
  const topics = [`test.group-admin.${randomUUID()}`, `test.group-admin.${randomUUID()}`];
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = createKafka({ brokers: brokers(), clientId: 'group-admin-test' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // 5 messages on the first topic, 7 on the second, spread over the partitions by key.
    await producer.send({ topic: topics[0], messages: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: 'x' })) });
    await producer.send({ topic: topics[1], messages: Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, value: 'x' })) });
    await producer.disconnect();
  });

  async function consume(groupId: string, count: number): Promise<void> {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async () => { if (++seen === count) resolve(); } });
    });
    await consumer.disconnect();
  }

  it('measures the lag of a group that read nothing, then of one that read everything', async () => {
    const group = new ConsumerGroupAdmin(kafka, `test-group-admin-${randomUUID()}`);
    try {
      expect(await group.lag(topics)).toEqual(new Map([[topics[0], 5n], [topics[1], 7n]]));
      await consume(group.groupId, 12);
      expect(await group.lag(topics)).toEqual(new Map([[topics[0], 0n], [topics[1], 0n]]));
      expect(await group.memberCount()).toBe(0);
    } finally {
      await group.close();
    }
  });

  it('moves an empty group back to the start of every partition, and refuses while it has a member', async () => {
    const group = new ConsumerGroupAdmin(kafka, `test-group-admin-${randomUUID()}`);
    try {
      await consume(group.groupId, 12);
      await group.rewindToEarliest(topics);
      expect(await group.lag(topics)).toEqual(new Map([[topics[0], 5n], [topics[1], 7n]]));
      const ranges = await group.ranges(topics);
      const committed = await group.committed(topics);
      for (const topic of topics) for (const [partition, { low }] of ranges.get(topic) ?? []) expect(committed.get(topic)?.get(partition)).toBe(low);

      const member = kafka.consumer({ groupId: group.groupId });
      await member.connect();
      await member.subscribe({ topics, fromBeginning: true });
      await member.run({ eachMessage: async () => undefined });
      try {
        for (let tries = 0; (await group.memberCount()) === 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await group.memberCount()).toBe(1);
        await expect(group.rewindToEarliest(topics)).rejects.toThrow(`consumer group "${group.groupId}" has members`);
      } finally {
        await member.disconnect();
      }
    } finally {
      await group.close();
    }
  });
});
