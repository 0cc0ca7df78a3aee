import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { EventProducer } from './event-producer';
import { createKafka } from './kafka-client';
import { ReadRecord, SeekableReader } from './seekable-reader';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');

describe('SeekableReader on the real broker', () => {
  const topic = `test.seekable.${randomUUID()}`;
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = createKafka({ brokers: brokers(), clientId: 'seekable-reader-test' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = new EventProducer(kafka);
    // One send each: separate record batches, so a small fetch takes a few at a time.
    for (let i = 0; i < 20; i++) await producer.send([{ topic, key: 'k', value: Buffer.from(String(i)), headers: { n: String(i) } }]);
    await producer.disconnect();
  });

  const values = (records: ReadRecord[]) => records.map((record) => Number(record.value?.toString()));

  async function until(records: ReadRecord[], count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (records.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${records.length} of ${count} records arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reads from the offset given, in order; a seek back reads from there again, with nothing of the old position in between', async () => {
    const reader = new SeekableReader(kafka, { groupId: `test-seekable-${randomUUID()}`, topic, maxWaitTimeInMs: 100 });
    const records: ReadRecord[] = [];
    try {
      await reader.start(15n, (batch) => records.push(...batch));
      await until(records, 5);
      expect(values(records)).toEqual([15, 16, 17, 18, 19]);
      expect(records.map((record) => record.headers.n)).toEqual(['15', '16', '17', '18', '19']);
      records.length = 0;
      reader.seek(3n);
      await until(records, 17);
      expect(values(records)).toEqual(Array.from({ length: 17 }, (_, i) => 3 + i));
    } finally {
      await reader.stop();
    }
  });

  it('delivers nothing while paused, and goes on where it stopped once resumed', async () => {
    const reader = new SeekableReader(kafka, { groupId: `test-seekable-${randomUUID()}`, topic, maxWaitTimeInMs: 100, maxBytesPerPartition: 64 });
    const records: ReadRecord[] = [];
    let paused = false;
    try {
      await reader.start(0n, (batch) => {
        records.push(...batch);
        if (records.length >= 5 && !paused) {
          paused = true;
          reader.pause();
        }
      });
      await until(records, 5);
      const seen = records.length;
      expect(seen).toBeLessThan(20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(records.length).toBe(seen);
      reader.resume();
      await until(records, 20);
      expect(values(records)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await reader.stop();
    }
  });
});
