import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, createKafka, DeadLetterPublisher, EventConsumer, EventProducer, SchemaRegistryClient } from '@care-events/messaging';
import { freePort } from './free-port';
import { RunningKafka, startKafkaBroker } from './kafka-broker';
import { eventually } from './testing/eventually';

/**
 * A consumer whose broker died crashes, and kafkajs restarts it again and again. Stopped during
 * one of those restarts, it must stay stopped: before, a restart already under way scheduled the
 * next one after stop() returned, and the process kept reconnecting to a broker no one wanted.
 */
describe('an event consumer stopped while its broker is gone', () => {
  let broker: RunningKafka | undefined;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'consumer-crash-'));
  });

  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('makes no restart after stop() returned', async () => {
    broker = await startKafkaBroker({ dir, port: await freePort(), controllerPort: await freePort(), heapMb: 384 });
    const topic = `test.crash.${randomUUID()}`;
    const lines: Array<{ at: number; message: string; retryTime?: number }> = [];
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'consumer-crash-test' }, (_, message, extra) => lines.push({ at: Date.now(), message, retryTime: extra.retryTime as number | undefined }));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = new EventProducer(kafka);
    const consumer = new EventConsumer(kafka, new AvroCodec(new SchemaRegistryClient('http://127.0.0.1:9'), () => undefined), new DeadLetterPublisher(producer), {
      groupId: `test-${randomUUID()}`,
      topics: [topic],
    });
    await consumer.start(async () => undefined);

    await broker.stop();
    broker = undefined;
    const restarts = () => lines.filter(({ message }) => message.includes('Restarting the consumer'));
    await eventually('the consumer crashing and restarting twice', async () => restarts().length >= 2, 120_000);
    // Stopped just after the next restart began: its connection attempts to the dead broker under way.
    const last = restarts()[restarts().length - 1];
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, last.at + (last.retryTime ?? 0) + 100 - Date.now())));
    await consumer.stop();
    const stopped = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 15_000));

    expect(restarts().filter(({ at }) => at > stopped).map(({ message }) => message)).toEqual([]);
    await producer.disconnect();
  }, 180_000);
});
