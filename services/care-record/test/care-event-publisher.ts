import { contractFor } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient, toKafkaHeaders } from '@care-events/messaging';
import { CareEvent } from '../src/domain/care-record';

/**
 * Publishes domain events as their owning services would (Avro in the Confluent wire format,
 * CloudEvents headers, key = patientId), metadata and all, over one producer.
 */
export class CareEventPublisher {
  private readonly codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  private readonly producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'care-record-test-publisher' }));

  async publish(events: CareEvent[], batchSize = 500): Promise<void> {
    for (let start = 0; start < events.length; start += batchSize) {
      const messages = await Promise.all(events.slice(start, start + batchSize).map(async ({ type, payload }) => {
        const { topic, schema } = contractFor(type);
        const { eventId, patientId, occurredAt } = payload.metadata;
        return {
          topic,
          key: patientId,
          value: await this.codec.encode(topic, type, schema, payload),
          headers: toKafkaHeaders({ eventId, source: '/services/test', type, time: new Date(occurredAt).toISOString(), subject: patientId }),
        };
      }));
      await this.producer.send(messages);
    }
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}
