import { AvroCodec, EventProducer, ProducedMessage, toKafkaHeaders } from '@care-events/messaging';
import { contractFor } from '@care-events/contracts';
import { OutboxRow, OutboxStore } from './outbox-store';
import { RelayLeadership } from './relay-leadership';

export interface OutboxRelayOptions {
  /** CloudEvents source, `/services/<service>`. */
  source: string;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a notification can be missed during a reconnect). */
  pollIntervalMs?: number;
  standbyRetryMs?: number;
  errorBackoffMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export interface OutboxRelayStatus {
  running: boolean;
  leader: boolean;
  publishedTotal: number;
  lastPublishedAt: string | null;
  lastError: string | null;
}

/**
 * Publishes outbox rows in insertion order, in batches, then marks them sent. A crash between
 * publish and mark re-publishes those rows on restart: consumers deduplicate by eventId.
 */
export class OutboxRelay {
  private running = false;
  private draining = false;
  private loop?: Promise<void>;
  private leader = false;
  private publishedTotal = 0;
  private lastPublishedAt: Date | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly store: OutboxStore,
    private readonly codec: AvroCodec,
    private readonly producer: EventProducer,
    private readonly leadership: RelayLeadership,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.draining = false;
    this.loop = this.run();
  }

  /** Publishes what is already committed (up to the deadline), then releases leadership. */
  async stop(drainTimeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.draining = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, drainTimeoutMs).unref());
    await Promise.race([this.loop, deadline]);
    this.running = false;
    await this.loop;
    await this.leadership.release();
    this.leader = false;
  }

  status(): OutboxRelayStatus {
    return {
      running: this.running,
      leader: this.leader,
      publishedTotal: this.publishedTotal,
      lastPublishedAt: this.lastPublishedAt?.toISOString() ?? null,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.leader = await this.leadership.acquire();
        if (!this.leader) {
          if (this.draining) return;
          await sleep(this.options.standbyRetryMs ?? 5_000);
          continue;
        }
        const published = await this.publishBatch();
        if (published === 0) {
          if (this.draining) return;
          await this.leadership.waitForWork(this.options.pollIntervalMs ?? 1_000);
        }
      } catch (error) {
        this.lastError = (error as Error).message;
        this.options.log?.('warn', 'outbox relay will retry', { error: this.lastError });
        if (this.draining) return;
        await sleep(this.options.errorBackoffMs ?? 1_000);
      }
    }
  }

  private async publishBatch(): Promise<number> {
    const rows = await this.store.fetchUnsent(this.options.batchSize ?? 1_000);
    if (rows.length === 0) return 0;
    const messages = await Promise.all(rows.map((row) => this.toMessage(row)));
    await this.producer.send(messages);
    await this.store.markSent(rows.map((row) => row.id));
    this.publishedTotal += rows.length;
    this.lastPublishedAt = new Date();
    this.lastError = null;
    return rows.length;
  }

  private async toMessage(row: OutboxRow): Promise<ProducedMessage> {
    const { schema } = contractFor(row.eventType);
    return {
      topic: row.topic,
      key: row.messageKey,
      value: await this.codec.encode(row.topic, row.eventType, schema, row.payload),
      headers: toKafkaHeaders({
        eventId: row.eventId,
        source: this.options.source,
        type: row.eventType,
        time: row.occurredAt.toISOString(),
        subject: row.messageKey,
        traceparent: row.traceContext.traceparent,
        tracestate: row.traceContext.tracestate,
      }),
    };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
