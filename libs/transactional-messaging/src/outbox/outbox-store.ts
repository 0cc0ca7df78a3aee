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
  /** The writer's schema (event_schema.fingerprint); null on rows older than that column. */
  schemaFingerprint: string | null;
  /** Set on a copy: the message to send exactly as stored, not encoded from the payload. */
  copy?: StoredMessage | null;
}

/** A message's value bytes and headers as they were received, forwarded without re-encoding. */
export interface StoredMessage {
  value: Buffer;
  headers: Record<string, string>;
}

export interface OutboxBacklog {
  unsent: number;
  oldestUnsentAt: Date | null;
}

/** The relay's view of the outbox table. */
export interface OutboxStore {
  /**
   * Unsent rows in insertion order: per patient that is commit order, as a patient's writes are
   * serialised. Rows of `heldKeys` are left out: their patient waits behind a row that cannot go.
   * Copies are never left out: they cannot fail to encode, and their order is that of their own
   * topic, which a row of another topic must not hold up.
   */
  fetchUnsent(limit: number, heldKeys?: string[]): Promise<OutboxRow[]>;
  /** Marks the rows sent if `epoch` is still the leadership epoch; false when another relay took over. */
  markSent(ids: string[], epoch: string): Promise<boolean>;
  /** The schema text a row was validated against. */
  writerSchema(fingerprint: string): Promise<string>;
  /** How many rows wait to be published, and since when the oldest of them. */
  backlog(): Promise<OutboxBacklog>;
  pruneSentBefore(cutoff: Date): Promise<number>;
}

export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async fetchUnsent(limit: number, heldKeys: string[] = []): Promise<OutboxRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `select id, event_id, event_type, topic, message_key, payload, occurred_at, trace_context, schema_fingerprint, raw_value, raw_headers
         from outbox_message where sent_at is null and (raw_value is not null or message_key <> all($2::text[])) order by id limit $1`,
      [limit, heldKeys],
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
      schemaFingerprint: (row.schema_fingerprint as string | null) ?? null,
      copy: row.raw_value ? { value: row.raw_value as Buffer, headers: row.raw_headers as Record<string, string> } : null,
    }));
  }

  /** One statement checks the epoch and marks, so no relay deposed in between can mark. */
  async markSent(ids: string[], epoch: string): Promise<boolean> {
    // TypeORM answers an update with [rows, affected count].
    const [, marked]: [unknown[], number] = await this.dataSource.query(
      'update outbox_message set sent_at = now() where id = any($1::bigint[]) and (select epoch from relay_leadership) = $2::bigint',
      [ids, epoch],
    );
    return marked > 0 || ids.length === 0;
  }

  async writerSchema(fingerprint: string): Promise<string> {
    const [row] = await this.dataSource.query('select schema from event_schema where fingerprint = $1', [fingerprint]);
    if (!row) throw new Error(`no event_schema row for fingerprint ${fingerprint}`);
    return row.schema as string;
  }

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query('select count(*)::int as unsent, min(created_at) as oldest from outbox_message where sent_at is null');
    return { unsent: row.unsent, oldestUnsentAt: row.oldest ? new Date(row.oldest) : null };
  }

  async pruneSentBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource.query('delete from outbox_message where sent_at < $1', [cutoff]);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
