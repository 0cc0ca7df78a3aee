import { randomUUID } from 'node:crypto';
import { contractFor, EventType } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient, toKafkaHeaders } from '@care-events/messaging';

/**
 * Publishes an event straight to its topic as the service owning it would (Avro in the Confluent
 * wire format, CloudEvents headers, key = patientId), for orders the services cannot be made to
 * produce on demand: e.g. two events keyed by different patients that partitions deliver the other
 * way round. `body` is the event without its metadata; `times` back-dates it (e.g. an encounter that
 * ended days ago). Gives the new eventId.
 */
export async function publishEvent(type: EventType, patientId: string, body: object, times: { recordedAt?: Date } = {}): Promise<string> {
  const { eventId, message } = await encodedEvent(type, patientId, body, times);
  const producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'test-publisher' }));
  try {
    await producer.send([message]);
  } finally {
    await producer.disconnect();
  }
  return eventId;
}

/** The message publishEvent sends, for tests that put it somewhere else first (e.g. a dead-letter topic). */
export async function encodedEvent(type: EventType, patientId: string, body: object, times: { recordedAt?: Date } = {}): Promise<{ eventId: string; message: ProducedMessage }> {
  const { topic, schema } = contractFor(type);
  const eventId = randomUUID();
  const at = times.recordedAt?.getTime() ?? Date.now();
  const metadata = { eventId, occurredAt: at, recordedAt: at, patientId, actor: { type: 'SYSTEM', id: 'test', odsCode: null }, correlationId: eventId, causationId: null };
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  return {
    eventId,
    message: {
      topic,
      key: patientId,
      value: await codec.encode(topic, type, schema, { metadata, ...body }),
      headers: toKafkaHeaders({ eventId, source: '/services/test', type, time: new Date(at).toISOString(), subject: patientId }),
    },
  };
}
