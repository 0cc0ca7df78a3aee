import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners } from 'kafkajs';
import { EventProducer } from './event-producer';
import { ProducedMessage } from './produced-message';
import { createKafka } from './kafka-client';
import { TransientMessagingError } from './messaging-errors';
import { placeOnPartitions, unacknowledgedPartitions } from './partition-placement';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');

describe('EventProducer on the real broker', () => {
  const topic = `test.producer.${randomUUID()}`;
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = createKafka({ brokers: brokers(), clientId: 'producer-test' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterEach(() => jest.restoreAllMocks());

  const message = (key: string, value = Buffer.from(key)): ProducedMessage => ({ topic, key, value, headers: { ce_id: randomUUID() } });

  it('connects once for concurrent first sends, and every batch arrives', async () => {
    const created = jest.spyOn(kafka, 'producer');
    const producer = new EventProducer(kafka);
    const keys = Array.from({ length: 20 }, (_, i) => `patient-${i}-${randomUUID()}`);
    try {
      await Promise.all(keys.map((key) => producer.send([message(key)])));
    } finally {
      await producer.disconnect();
    }
    expect(created).toHaveBeenCalledTimes(1);
    expect(await keysOnTopic(kafka, topic, keys.length)).toEqual(expect.arrayContaining(keys));
  });

  it('replaces only its own connection when a send fails, not that of another producer of the same client', async () => {
    const created = jest.spyOn(kafka, 'producer');
    const relay = new EventProducer(kafka);
    const deadLetters = new EventProducer(kafka);
    try {
      await Promise.all([relay.send([message(randomUUID())]), deadLetters.send([message(randomUUID())])]);
      const connected = created.mock.calls.length;
      // Larger than the broker accepts (1 MB by default): the broker refuses it.
      await expect(deadLetters.send([message(randomUUID(), Buffer.alloc(2 * 1024 * 1024))])).rejects.toBeInstanceOf(TransientMessagingError);
      await Promise.all(Array.from({ length: 10 }, (_, i) => relay.send([message(`relay-${i}`), message(`relay-${i}-b`)])));
      expect(created).toHaveBeenCalledTimes(connected);
      await deadLetters.send([message(randomUUID())]);
      expect(created).toHaveBeenCalledTimes(connected + 1);
    } finally {
      await Promise.all([relay.disconnect(), deadLetters.disconnect()]);
    }
  });

  it('places keys where kafkajs would, and names a partition missing from the acknowledgements', async () => {
    const plain = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const admin = kafka.admin();
    await Promise.all([plain.connect(), admin.connect()]);
    try {
      const keys = Array.from({ length: 12 }, () => randomUUID());
      const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const placed = placeOnPartitions(keys.map((key) => message(key)), () => partitions);
      // One send per key, so each acknowledgement says where kafkajs's own partitioner put that key.
      const acknowledged = await Promise.all(keys.map((key) => plain.send({ topic, acks: -1, messages: [{ key, value: key }] })));
      expect(placed.map((m) => m.partition)).toEqual(acknowledged.map(([record]) => record.partition));

      const all = acknowledged.flat();
      expect(unacknowledgedPartitions(placed, all)).toEqual([]);
      const lost = placed[0].partition;
      expect(unacknowledgedPartitions(placed, all.filter((record) => record.partition !== lost))).toEqual([`${topic}/${lost}`]);
      expect(unacknowledgedPartitions(placed, all.map((record) => (record.partition === lost ? { ...record, errorCode: 6 } : record)))).toEqual([`${topic}/${lost}`]);
    } finally {
      await Promise.all([plain.disconnect(), admin.disconnect()]);
    }
  });
});

/** Keys read back by a consumer of its own, once `count` new messages arrived. */
async function keysOnTopic(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `producer-test-${randomUUID()}` });
  const keys: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void keys.push(message.key?.toString() ?? '') });
  try {
    const deadline = Date.now() + 30_000;
    while (keys.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return keys;
  } finally {
    await consumer.disconnect();
  }
}
