import { AvroCodec, EventProducer, ProducedMessage } from '@care-events/messaging';
import { OutboxRow, OutboxStore } from './outbox-store';
import { OutboxRowEncoder, RowFault } from './outbox-row-encoder';
import { RelayLeadership } from './relay-leadership';
import { publishTraced } from './relay-tracing';
import { RelayMetrics } from './relay-metrics';
import { StuckRow, StuckRows } from './stuck-rows';

export interface OutboxRelayOptions {
  /** CloudEvents source, `/services/<service>`. */
  source: string;
  batchSize?: number;
  /** Fallback poll when no notification arrives (a notification can be missed during a reconnect). */
  pollIntervalMs?: number;
  /**
   * How long the relay waits after it is woken before it reads, so that the commits just behind
   * the one that woke it go in the same batch: one produce request, one mark and one fetch for
   * every consumer instead of one each per row. Kafka's own producer lingers 5 ms by default.
   */
  lingerMs?: number;
  standbyRetryMs?: number;
  errorBackoffMs?: number;
  /** How long a row that cannot be encoded waits before it is tried again. */
  stuckRetryMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
  metrics?: RelayMetrics;
}

export interface OutboxRelayStatus {
  running: boolean;
  leader: boolean;
  publishedTotal: number;
  lastPublishedAt: string | null;
  lastError: string | null;
  /** Rows that cannot be published, each holding back its patient's later events. */
  stuck: StuckRow[];
  /** Subjects the registry does not hold although this service's outbox needs them. */
  unregisteredSubjects: string[];
}

/**
 * Publishes outbox rows in insertion order, in batches, then marks them sent. A crash between
 * publish and mark re-publishes those rows on restart: consumers deduplicate by eventId. Each row
 * is encoded with the schema its writer validated it against. A row that cannot be encoded holds
 * back only its own patient's later rows; the other patients' rows go.
 */
export class OutboxRelay {
  private running = false;
  private draining = false;
  private loop?: Promise<void>;
  private leader = false;
  private publishedTotal = 0;
  private lastPublishedAt: Date | null = null;
  private lastError: string | null = null;
  private readonly stuck: StuckRows;
  private readonly encoder: OutboxRowEncoder;

  constructor(
    private readonly store: OutboxStore,
    codec: AvroCodec,
    private readonly producer: EventProducer,
    private readonly leadership: RelayLeadership,
    private readonly options: OutboxRelayOptions,
  ) {
    this.stuck = new StuckRows(options.stuckRetryMs ?? 30_000);
    this.encoder = new OutboxRowEncoder(store, codec, options.source);
  }

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
    const stuck = this.stuck.list();
    return {
      running: this.running,
      leader: this.leader,
      publishedTotal: this.publishedTotal,
      lastPublishedAt: this.lastPublishedAt?.toISOString() ?? null,
      lastError: this.lastError,
      stuck,
      unregisteredSubjects: [...new Set(stuck.flatMap((row) => row.unregisteredSubject ?? []))],
    };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const epoch = await this.leadership.acquire();
        this.leader = epoch !== null;
        if (epoch === null) {
          if (this.draining) return;
          await sleep(this.options.standbyRetryMs ?? 5_000);
          continue;
        }
        const fetched = await this.publishBatch(epoch);
        if (fetched === 0 && this.draining) return;
        // A batch short of the limit took every row committed when it was read: later commits notify.
        if (fetched < this.batchSize && !this.draining) await this.waitForWork();
      } catch (error) {
        this.lastError = (error as Error).message;
        this.options.metrics?.failed();
        this.options.log?.('warn', 'outbox relay will retry', { error: this.lastError });
        if (this.draining) return;
        await sleep(this.options.errorBackoffMs ?? 1_000);
      }
    }
  }

  private async waitForWork(): Promise<void> {
    await this.leadership.waitForWork(this.options.pollIntervalMs ?? 1_000);
    if (this.options.lingerMs) await sleep(this.options.lingerMs);
  }

  /** Publishes the next unsent rows; gives how many were read (not all may have gone). */
  private async publishBatch(epoch: string): Promise<number> {
    const rows = await this.store.fetchUnsent(this.batchSize, this.stuck.heldKeys());
    if (rows.length === 0) return 0;
    const ready = await this.encodeInOrder(rows);
    if (ready.length === 0) return rows.length;
    await publishTraced(ready, (messages) => this.producer.send(messages));
    const sent = ready.map(({ row }) => row);
    if (!(await this.store.markSent(sent.map((row) => row.id), epoch))) return this.standDown(epoch);
    // A copy goes whatever its key's other rows do, so it says nothing about a held patient.
    this.stuck.published(sent.filter((row) => !row.copy));
    this.publishedTotal += sent.length;
    this.options.metrics?.published(sent);
    this.lastPublishedAt = new Date();
    this.lastError = null;
    return rows.length;
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 1_000;
  }

  /**
   * Encodes every row; a row that fails holds back the later rows of its key. An unreachable
   * registry or database fails the whole batch instead: that is no fault of any one row.
   */
  private async encodeInOrder(rows: OutboxRow[]): Promise<Array<{ row: OutboxRow; message: ProducedMessage }>> {
    const results = await Promise.allSettled(rows.map((row) => this.encoder.toMessage(row)));
    const batchFault = results.find((r) => r.status === 'rejected' && !(r.reason instanceof RowFault));
    if (batchFault) throw (batchFault as PromiseRejectedResult).reason;
    const held = new Set<string>();
    const ready: Array<{ row: OutboxRow; message: ProducedMessage }> = [];
    rows.forEach((row, i) => {
      const result = results[i];
      if (!row.copy && held.has(row.messageKey)) return;
      if (result.status === 'fulfilled') return void ready.push({ row, message: result.value });
      held.add(row.messageKey);
      this.holdBack(row, (result.reason as RowFault).fault);
    });
    return ready;
  }

  private holdBack(row: OutboxRow, error: Error): void {
    if (!this.stuck.hold(row, error)) return;
    this.options.log?.('error', 'outbox row cannot be published; later events of its patient wait behind it', {
      id: row.id, eventId: row.eventId, eventType: row.eventType, messageKey: row.messageKey, error: error.message,
    });
  }

  /** Another relay took over while this batch was in flight: it publishes from here on. */
  private async standDown(epoch: string): Promise<number> {
    this.options.log?.('warn', 'outbox relay was deposed by a newer leader; standing by', { epoch });
    this.leader = false;
    await this.leadership.release();
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
