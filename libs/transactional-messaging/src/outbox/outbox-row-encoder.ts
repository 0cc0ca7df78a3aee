import { AvroCodec, ProducedMessage, toKafkaHeaders, TransientMessagingError } from '@care-events/messaging';
import { contractFor } from '@care-events/contracts';
import { OutboxRow, OutboxStore } from './outbox-store';

/** A failure that belongs to one row (its payload or its schema), not to the registry or database as a whole. */
export class RowFault extends Error {
  constructor(readonly fault: Error) {
    super(fault.message);
  }
}

/**
 * Turns an outbox row into a Kafka message, encoded with exactly the schema its writer validated
 * it against, whichever build of the service that was. A copy goes as stored: its bytes already
 * carry the schema id of the service that first published it.
 */
export class OutboxRowEncoder {
  // A fingerprint always names the same schema text: cached for the life of the process.
  private readonly writerSchemas = new Map<string, Promise<object>>();

  constructor(private readonly store: OutboxStore, private readonly codec: AvroCodec, private readonly source: string) {}

  async toMessage(row: OutboxRow): Promise<ProducedMessage> {
    if (row.copy) return { topic: row.topic, key: row.messageKey, value: row.copy.value, headers: row.copy.headers };
    const schema = await this.writerSchema(row);
    return {
      topic: row.topic,
      key: row.messageKey,
      value: await this.encode(row, schema),
      headers: toKafkaHeaders({
        eventId: row.eventId,
        source: this.source,
        type: row.eventType,
        time: row.occurredAt.toISOString(),
        subject: row.messageKey,
        traceparent: row.traceContext.traceparent,
        tracestate: row.traceContext.tracestate,
      }),
    };
  }

  private async encode(row: OutboxRow, schema: object): Promise<Buffer> {
    try {
      return await this.codec.encode(row.topic, row.eventType, schema, row.payload);
    } catch (error) {
      if (error instanceof TransientMessagingError) throw error;
      throw new RowFault(error as Error);
    }
  }

  /** The schema the row was validated against; this build's own for rows that predate schema fingerprints. */
  private async writerSchema(row: OutboxRow): Promise<object> {
    if (!row.schemaFingerprint) {
      try {
        return contractFor(row.eventType).schema;
      } catch (error) {
        throw new RowFault(error as Error);
      }
    }
    const fingerprint = row.schemaFingerprint;
    let schema = this.writerSchemas.get(fingerprint);
    if (!schema) {
      schema = this.store.writerSchema(fingerprint).then((text) => JSON.parse(text) as object);
      schema.catch(() => this.writerSchemas.delete(fingerprint));
      this.writerSchemas.set(fingerprint, schema);
    }
    return schema;
  }
}
