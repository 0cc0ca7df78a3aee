import { OutboxRow } from './outbox-store';

/** What the outbox relay tells its observer (e.g. Prometheus counters): rows published, attempts failed. */
export interface RelayMetrics {
  /** Rows now on Kafka and marked sent. */
  published(rows: ReadonlyArray<Pick<OutboxRow, 'eventType'>>): void;
  /** A batch that failed as a whole (database, registry or Kafka unreachable); the relay tries again. */
  failed(): void;
}
