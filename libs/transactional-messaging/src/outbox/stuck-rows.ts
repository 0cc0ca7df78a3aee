import { UnregisteredSchemaError } from '@care-events/messaging';
import { OutboxRow } from './outbox-store';

/** An outbox row the relay cannot publish; later rows of its patient wait behind it. */
export interface StuckRow {
  id: string;
  eventId: string;
  eventType: string;
  /** The message key: the patient whose later events wait. */
  messageKey: string;
  error: string;
  /** Set when the cause is a schema the registry does not hold: the subject provisioning must register. */
  unregisteredSubject: string | null;
  since: string;
}

/**
 * The rows that failed to encode, one per patient key (the first unsent row of that patient).
 * They are tried again after `retryAfterMs`, e.g. once provisioning registers a missing schema.
 */
export class StuckRows {
  private readonly byKey = new Map<string, StuckRow>();
  private lastRetry = Date.now();

  constructor(private readonly retryAfterMs: number) {}

  /** The keys to leave out of the next fetch; none when it is time to try the stuck rows again. */
  heldKeys(now = Date.now()): string[] {
    if (now - this.lastRetry < this.retryAfterMs) return [...this.byKey.keys()];
    this.lastRetry = now;
    return [];
  }

  /** Records the row; true when it is newly stuck or stuck for a new reason (worth a log line). */
  hold(row: OutboxRow, error: Error): boolean {
    const known = this.byKey.get(row.messageKey);
    if (known?.id === row.id && known.error === error.message) return false;
    this.byKey.set(row.messageKey, {
      id: row.id,
      eventId: row.eventId,
      eventType: row.eventType,
      messageKey: row.messageKey,
      error: error.message,
      unregisteredSubject: error instanceof UnregisteredSchemaError ? error.subject : null,
      since: known?.id === row.id ? known.since : new Date().toISOString(),
    });
    return true;
  }

  /** A published row means its patient is no longer held (its stuck row went, or was removed). */
  published(rows: OutboxRow[]): void {
    for (const row of rows) this.byKey.delete(row.messageKey);
  }

  list(): StuckRow[] {
    return [...this.byKey.values()];
  }
}
