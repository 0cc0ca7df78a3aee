import { context, propagation } from '@opentelemetry/api';
import { EntityManager } from 'typeorm';
import { contractFor } from '@care-events/contracts';
import { validateAvro } from '@care-events/messaging';
import { EventMetadata } from './event-metadata';

export interface DomainEvent {
  /** Record full name, e.g. care.events.identity.PatientRegistered. */
  type: string;
  value: { metadata: EventMetadata };
}

/**
 * Adds events to the outbox inside the caller's transaction, so that they commit (or roll back)
 * with the domain change. Each event is checked against its Avro schema first: a bad event
 * never enters the outbox, and the registry is not needed to accept a write.
 */
export class OutboxWriter {
  async append(manager: EntityManager, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event) => this.toRow(event));
    const columns = ['event_id', 'event_type', 'topic', 'message_key', 'payload', 'occurred_at', 'trace_context'];
    const placeholders = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await manager.query(`insert into outbox_message (${columns.join(', ')}) values ${placeholders.join(', ')}`, rows.flat());
  }

  private toRow({ type, value }: DomainEvent): unknown[] {
    const contract = contractFor(type);
    validateAvro(type, contract.schema, value);
    const traceContext: Record<string, string> = {};
    propagation.inject(context.active(), traceContext);
    const { eventId, patientId, occurredAt } = value.metadata;
    return [eventId, type, contract.topic, patientId, JSON.stringify(value), new Date(occurredAt), JSON.stringify(traceContext)];
  }
}
