import { propagation } from '@opentelemetry/api';
import { DataSource, EntityManager } from 'typeorm';
import { contractFor, EventContract } from '@care-events/contracts';
import { causingEventContext, validateAvro } from '@care-events/messaging';
import { EventMetadata } from './event-metadata';
import { prepared } from './prepared-statement';
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

/**
 * A record addressed by its writer rather than by its type's contract: a topic of a template (one per
 * analytics recipient), its own key and id, and the schema it is validated and published with (the
 * topic's subject name strategy decides where the relay looks that schema up).
 */
export interface AddressedRecord {
  /** A UUID: the outbox row's id and the message's ce_id. */
  eventId: string;
  /** Record full name. */
  type: string;
  schema: object;
  topic: string;
  key: string;
  value: object;
  occurredAt: Date;
}

/** A data-modifying statement with its values ($1..$n), run as part of a larger one. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

interface OutboxRow {
  eventId: string;
  type: string;
  topic: string;
  key: string;
  payload: string;
  occurredAt: Date;
  traceContext: string;
  fingerprint: string;
}

/**
 * Adds events to the outbox inside the caller's transaction, so that they commit (or roll back)
 * with the domain change. Each event is checked against its Avro schema first: a bad event
 * never enters the outbox, and the registry is not needed to accept a write. The row names that
 * schema, so whichever relay version publishes it encodes exactly what was validated.
 */
export class OutboxWriter {
  /** Per database, the schemas its event_schema table is known to hold, committed: rows of those need not carry the text. */
  private readonly stored = new WeakMap<DataSource, Set<string>>();

  /** `contracts` gives the schema this build writes each event type with. */
  constructor(private readonly contracts: (type: string) => Pick<EventContract, 'topic' | 'schema'> = contractFor) {}

  async append(manager: EntityManager, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const schemas = new Map<string, WriterSchema>();
    await this.insert(manager, events.map((event) => this.toRow(event, schemas)), schemas);
  }

  /**
   * Runs `statement` (a domain insert) and adds the events in one statement, which commits on its
   * own when `manager` is outside a transaction: the change and its events are written together or
   * not at all, in a single round trip.
   */
  async appendWith(manager: EntityManager, statement: SqlStatement, events: DomainEvent[]): Promise<void> {
    const schemas = new Map<string, WriterSchema>();
    await this.insert(manager, events.map((event) => this.toRow(event, schemas)), schemas, statement);
  }

  /** Adds addressed records inside the caller's transaction, each checked against its own schema first. */
  async appendRecords(manager: EntityManager, records: AddressedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const schemas = new Map<string, WriterSchema>();
    const rows = records.map(({ eventId, type, schema, topic, key, value, occurredAt }): OutboxRow => {
      validateAvro(type, schema, value);
      const writer = writerSchemaOf(type, schema);
      schemas.set(writer.fingerprint, writer);
      const traceContext: Record<string, string> = {};
      propagation.inject(causingEventContext(null), traceContext);
      return { eventId, type, topic, key, payload: JSON.stringify(value), occurredAt, traceContext: JSON.stringify(traceContext), fingerprint: writer.fingerprint };
    });
    await this.insert(manager, rows, schemas);
  }

  private async insert(manager: EntityManager, rows: OutboxRow[], schemas: Map<string, WriterSchema>, along?: SqlStatement): Promise<void> {
    const stored = this.storedIn(manager.connection);
    // In fingerprint order: concurrent first writes of the same schemas then wait on each other, never deadlock.
    const unstored = [...schemas.values()].filter((s) => !stored.has(s.fingerprint)).sort((x, y) => x.fingerprint.localeCompare(y.fingerprint));
    // One statement: the schema rows not known to be stored (new ones only), the outbox rows (in the given order, as
    // their ids ascend) that reference them, and which of those schemas other transactions had committed already:
    // rows of this transaction carry its start time, now(), and may yet roll back.
    // `along`'s placeholders come first; the outbox's are numbered after them.
    const offset = along?.values.length ?? 0;
    const $ = (n: number) => `$${n + offset}`;
    const committed: Array<{ fingerprint: string }> = await manager.query(
      prepared(`with ${along ? `command as (${along.text}),\n       ` : ''}schema as (
         insert into event_schema (fingerprint, full_name, schema)
         select * from unnest(${$(1)}::text[], ${$(2)}::text[], ${$(3)}::text[]) on conflict do nothing),
       outbox as (
         insert into outbox_message (event_id, event_type, topic, message_key, payload, occurred_at, trace_context, schema_fingerprint)
         select event_id, event_type, topic, message_key, payload, occurred_at, trace_context, schema_fingerprint
           from unnest(${$(4)}::uuid[], ${$(5)}::text[], ${$(6)}::text[], ${$(7)}::text[], ${$(8)}::jsonb[], ${$(9)}::timestamptz[], ${$(10)}::jsonb[], ${$(11)}::text[])
                with ordinality as appended (event_id, event_type, topic, message_key, payload, occurred_at, trace_context, schema_fingerprint, position)
          order by position)
       select fingerprint from event_schema where fingerprint = any(${$(1)}::text[]) and created_at < now()`),
      [
        ...(along?.values ?? []),
        unstored.map((s) => s.fingerprint),
        unstored.map((s) => s.fullName),
        unstored.map((s) => s.text),
        rows.map((r) => r.eventId),
        rows.map((r) => r.type),
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => r.payload),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.traceContext),
        rows.map((r) => r.fingerprint),
      ],
    );
    for (const { fingerprint } of committed) stored.add(fingerprint);
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

  private toRow({ type, value }: DomainEvent, schemas: Map<string, WriterSchema>): OutboxRow {
    const contract = this.contracts(type);
    validateAvro(type, contract.schema, value);
    const schema = writerSchemaOf(type, contract.schema);
    schemas.set(schema.fingerprint, schema);
    const { eventId, patientId, occurredAt, causationId } = value.metadata;
    // The trace the row continues on Kafka: its causing event's, when a batch handles many at once.
    const traceContext: Record<string, string> = {};
    propagation.inject(causingEventContext(causationId), traceContext);
    return {
      eventId,
      type,
      topic: contract.topic,
      key: patientId,
      payload: JSON.stringify(value),
      occurredAt: new Date(occurredAt),
      traceContext: JSON.stringify(traceContext),
      fingerprint: schema.fingerprint,
    };
  }

  private storedIn(database: DataSource): Set<string> {
    let stored = this.stored.get(database);
    if (!stored) {
      stored = new Set();
      this.stored.set(database, stored);
    }
    return stored;
  }
}
