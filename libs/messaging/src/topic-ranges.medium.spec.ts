import { randomUUID } from 'node:crypto';
import { EventProducer } from './event-producer';
import { createKafka } from './kafka-client';
import { TopicRanges } from './topic-ranges';

describe('TopicRanges on the real broker', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'topic-ranges-test' });
  const ranges = new TopicRanges(kafka);
  afterAll(() => ranges.close());

  it('gives where each partition starts and ends, and leaves out at once a topic the cluster does not have', async () => {
    const topic = `test.ranges.${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = new EventProducer(kafka);
    await producer.send(Array.from({ length: 3 }, (_, i) => ({ topic, key: 'k', value: Buffer.from(String(i)), headers: {} })));
    await producer.disconnect();

    const started = Date.now();
    const found = await ranges.ranges([topic, `test.ranges.missing.${randomUUID()}`]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([...found.keys()]).toEqual([topic]);
    expect(found.get(topic)?.get(0)).toEqual({ low: 0n, high: 3n });
  });
});
