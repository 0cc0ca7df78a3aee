import { DataSource } from 'typeorm';

export interface OutboxRow {
  id: string;
  eventId: string;
  eventType: string;
  topic: string;
  messageKey: string;
  payload: unknown;
  occurredAt: Date;
  traceContext: Record<string, string>;
}

/** The relay's view of the outbox table. */
export interface OutboxStore {
  /** Unsent rows in insertion order: per patient that is commit order, as a patient's writes are serialised. */
  fetchUnsent(limit: number): Promise<OutboxRow[]>;
  markSent(ids: string[]): Promise<void>;
  countUnsent(): Promise<number>;
  pruneSentBefore(cutoff: Date): Promise<number>;
}

export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async fetchUnsent(limit: number): Promise<OutboxRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `select id, event_id, event_type, topic, message_key, payload, occurred_at, trace_context
         from outbox_message where sent_at is null order by id limit $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      eventId: row.event_id as string,
      eventType: row.event_type as string,
      topic: row.topic as string,
      messageKey: row.message_key as string,
      payload: row.payload,
      occurredAt: row.occurred_at as Date,
      traceContext: row.trace_context as Record<string, string>,
    }));
  }

  async markSent(ids: string[]): Promise<void> {
    await this.dataSource.query('update outbox_message set sent_at = now() where id = any($1::bigint[])', [ids]);
  }

  async countUnsent(): Promise<number> {
    const [row] = await this.dataSource.query('select count(*)::int as n from outbox_message where sent_at is null');
    return row.n;
  }

  async pruneSentBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource.query('delete from outbox_message where sent_at < $1', [cutoff]);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
