import { Counter, Gauge, Registry } from 'prom-client';
import { OutboxBacklog, RelayMetrics } from '@care-events/transactional-messaging';
import { boundedReading } from './scrape-reading';

/** Where the outbox gauges read at scrape time: the database's backlog, the relay's stuck rows. */
export interface OutboxReadings {
  backlog(): Promise<OutboxBacklog>;
  stuckRows(): number;
}

/**
 * The relay's counters (rows published by event type, failed batches), and the outbox's gauges
 * read at scrape time: unsent rows and the oldest one's age from the database (left out when it
 * does not answer in time), rows that cannot be encoded from the relay.
 */
export class OutboxMetrics implements RelayMetrics {
  private readonly publishedRows: Counter<'event_type'>;
  private readonly failures: Counter;

  constructor(registry: Registry, readings: OutboxReadings, now: () => number = Date.now) {
    this.publishedRows = new Counter({
      name: 'care_events_outbox_published_total', help: 'Outbox rows the relay published to Kafka and marked sent, by event type.',
      labelNames: ['event_type'], registers: [registry],
    });
    this.failures = new Counter({
      name: 'care_events_outbox_publish_errors_total', help: 'Relay batches that failed as a whole (database, registry or Kafka unreachable) and are retried.',
      registers: [registry],
    });
    const backlog = boundedReading(() => readings.backlog());
    new Gauge({
      name: 'care_events_outbox_unsent_messages', help: 'Outbox rows committed but not yet on Kafka (absent when the database did not answer in time).',
      registers: [registry],
      async collect() {
        const reading = await backlog();
        this.reset();
        if (reading) this.set(reading.unsent);
      },
    });
    new Gauge({
      name: 'care_events_outbox_oldest_unsent_age_seconds', help: 'Age of the oldest outbox row not yet on Kafka; 0 when none waits.',
      registers: [registry],
      async collect() {
        const reading = await backlog();
        this.reset();
        if (reading) this.set(reading.oldestUnsentAt ? Math.max(0, (now() - reading.oldestUnsentAt.getTime()) / 1_000) : 0);
      },
    });
    new Gauge({
      name: 'care_events_outbox_stuck_rows', help: 'Outbox rows that cannot be encoded, each holding back its patient\'s later events.',
      registers: [registry],
      collect() {
        this.set(readings.stuckRows());
      },
    });
  }

  published(rows: ReadonlyArray<{ eventType: string }>): void {
    for (const row of rows) this.publishedRows.inc({ event_type: row.eventType });
  }

  failed(): void {
    this.failures.inc();
  }
}
