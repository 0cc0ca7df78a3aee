import { randomUUID } from 'node:crypto';
import { AvroCodec } from './avro-codec';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventConsumer } from './event-consumer';
import { EventProducer } from './event-producer';
import { createKafka } from './kafka-client';
import { SchemaRegistryClient } from './schema-registry-client';

const brokerPorts = () => new Set((process.env.KAFKA_BROKERS as string).split(',').map((address) => Number(address.split(':')[1])));

/** TCP connections this process holds open to the test broker. */
function openBrokerSockets(): number {
  const ports = brokerPorts();
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle) => (handle as { remotePort?: number }).remotePort !== undefined && ports.has((handle as { remotePort: number }).remotePort)).length;
}

describe('EventConsumer start on the real broker', () => {
  it('leaves no connection open when it cannot start (a topic it reads does not exist)', async () => {
    const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'event-consumer-test' });
    const producer = new EventProducer(kafka);
    const consumer = new EventConsumer(kafka, new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string), () => undefined), new DeadLetterPublisher(producer), {
      groupId: `test-${randomUUID()}`,
      topics: [`test.missing.${randomUUID()}`],
    });
    const before = openBrokerSockets();

    await expect(consumer.start(async () => undefined)).rejects.toThrow(/does not host this topic-partition|not host|unknown topic/i);

    expect(openBrokerSockets()).toBe(before);
    await consumer.stop();
    await producer.disconnect();
  });
});
