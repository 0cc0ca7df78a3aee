import { context, propagation } from '@opentelemetry/api';
import { EntityManager } from 'typeorm';
import { contractFor, EventContract } from '@care-events/contracts';
import { validateAvro } from '@care-events/messaging';
import { EventMetadata } from './event-metadata';
import { WriterSchema, writerSchemaOf } from './writer-schema';

export interface DomainEvent {
  /** Record full name, e.g. care.events.identity.PatientRegistered. */
  type: string;
  value: { metadata: EventMetadata };
}

/** A message forwarded unchanged (e.g. a domain event copied to a care setting's topic). */
export interface OutboxCopy {
  /** Unique per copy: the outbox_message.event_id of this row, not the forwarded event's own id. */
  outboxEventId: string;
  /** Record full name of the forwarded event. */
  eventType: string;
  topic: string;
  key: string;
  /** The value bytes exactly as they were received. */
  value: Buffer;
  headers: Record<string, string>;
  occurredAt: Date;
}

const COLUMNS = ['event_id', 'event_type', 'topic', 'message_key', 'payload', 'occurred_at', 'trace_context', 'schema_fingerprint'];

/**
 * Adds events to the outbox inside the caller's transaction, so that they commit (or roll back)
 * with the domain change. Each event is checked against its Avro schema first: a bad event
 * never enters the outbox, and the registry is not needed to accept a write. The row names that
 * schema, so whichever relay version publishes it encodes exactly what was validated.
 */
export class OutboxWriter {
  /** `contracts` gives the schema this build writes each event type with. */
  constructor(private readonly contracts: (type: string) => Pick<EventContract, 'topic' | 'schema'> = contractFor) {}

  async append(manager: EntityManager, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const schemas = new Map<string, WriterSchema>();
    const rows = events.map((event) => this.toRow(event, schemas));
    const placeholders = rows.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 4}`).join(', ')})`);
    // In fingerprint order: concurrent first writes of the same schemas then wait on each other, never deadlock.
    const known = [...schemas.values()].sort((x, y) => x.fingerprint.localeCompare(y.fingerprint));
    // One statement: the schema rows (new ones only) and the outbox rows that reference them.
    await manager.query(
      `with schema as (
         insert into event_schema (fingerprint, full_name, schema)
         select * from unnest($1::text[], $2::text[], $3::text[]) on conflict do nothing)
       insert into outbox_message (${COLUMNS.join(', ')}) values ${placeholders.join(', ')}`,
      [known.map((s) => s.fingerprint), known.map((s) => s.fullName), known.map((s) => s.text), ...rows.flat()],
    );
  }

  /**
   * Adds copies inside the caller's transaction, in the given order (outbox ids ascend with it). The
   * relay sends each one's value and headers as stored; the payload only says what the row is.
   */
  async appendCopies(manager: EntityManager, copies: OutboxCopy[]): Promise<void> {
    if (copies.length === 0) return;
    // Arrays, not one placeholder per value: a resumed subscription may append thousands at once.
    await manager.query(
      `insert into outbox_message (event_id, event_type, topic, message_key, payload, occurred_at, raw_value, raw_headers)
       select event_id, event_type, topic, message_key, payload, occurred_at, raw_value, raw_headers
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::bytea[], $8::jsonb[])
              with ordinality as copy (event_id, event_type, topic, message_key, payload, occurred_at, raw_value, raw_headers, position)
        order by position`,
      [
        copies.map((c) => c.outboxEventId),
        copies.map((c) => c.eventType),
        copies.map((c) => c.topic),
        copies.map((c) => c.key),
        copies.map((c) => JSON.stringify({ copyOf: c.headers.ce_id ?? null, bytes: c.value.length })),
        copies.map((c) => c.occurredAt),
        copies.map((c) => c.value),
        copies.map((c) => JSON.stringify(c.headers)),
      ],
    );
  }

  private toRow({ type, value }: DomainEvent, schemas: Map<string, WriterSchema>): unknown[] {
    const contract = this.contracts(type);
    validateAvro(type, contract.schema, value);
    const schema = writerSchemaOf(type, contract.schema);
    schemas.set(schema.fingerprint, schema);
    const traceContext: Record<string, string> = {};
    propagation.inject(context.active(), traceContext);
    const { eventId, patientId, occurredAt } = value.metadata;
    return [eventId, type, contract.topic, patientId, JSON.stringify(value), new Date(occurredAt), JSON.stringify(traceContext), schema.fingerprint];
  }
}
