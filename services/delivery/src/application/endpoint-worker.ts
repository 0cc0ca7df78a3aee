import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { backoffDelay } from '@care-events/messaging';
import { hasWorker } from '../domain/endpoint';
import { seekOffsetFor } from '../domain/feed-position';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { DeliveryTimer } from './delivery-timer';
import { DeliveryConfig } from './delivery.config';
import { EndpointChannels, snapshotOf } from './endpoint-channels';
import { FeedAccess } from './feed-access';
import { FeedReader } from './feed-reader';
import { NextWork, selectWork } from './feed-selection';
import { HttpChannel } from './http-channel';
import { FeedCopy, NotificationBuildError, NotificationHeldError, OutgoingNotification } from './notification-format';
import { TokenBucket } from './send-limits';
import { WorkerResults } from './worker-results';

export interface WorkerContext {
  dataSource: DataSource;
  feeds: FeedAccess;
  channels: EndpointChannels;
  results: WorkerResults;
  timer: DeliveryTimer;
  config: DeliveryConfig;
  instanceId: string;
}

type Work = NextWork | { kind: 'heartbeat' };

/**
 * Delivers one endpoint's feed, one request at a time: reads its subscription's copies from its own
 * position, sends the next number (or a heartbeat when idle), and moves the cursor only after a 2xx.
 * Holds no database connection across a request. Stops when its lease is lost or its endpoint leaves
 * active/paused; an API change makes it reload (a resend or a skip moves its reader).
 */
export class EndpointWorker {
  readonly done: Promise<void>;
  private readonly logger = new Logger('EndpointWorker');
  private row!: DeliveryEndpointEntity;
  private reader?: FeedReader;
  private channel?: HttpChannel;
  private bucket?: TokenBucket;
  private wake = new AbortController();
  private reloadWanted = true;
  private stopped = false;
  private heartbeatTriedAt: Date;
  private heldUntil = 0;
  private held = 0;

  constructor(readonly endpointId: string, readonly leaseEpoch: number, private readonly ctx: WorkerContext) {
    this.heartbeatTriedAt = ctx.timer.now();
    this.done = this.run();
  }

  /** The control version last loaded: the supervisor signals a reload when the row's is newer. */
  get controlVersion(): number | undefined {
    return this.row?.controlVersion;
  }

  reload(): void {
    this.reloadWanted = true;
    this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.done;
  }

  /** Seconds since the next undelivered copy reached the topic; 0 when caught up. */
  lagSeconds(): number {
    const [head] = this.reader?.peek() ?? [];
    return head && this.row && 'kafkaTimestamp' in head && head.number > this.row.cursorNumber ? Math.max(0, (Date.now() - head.kafkaTimestamp) / 1_000) : 0;
  }

  private async run(): Promise<void> {
    let errors = 0;
    try {
      while (!this.stopped) {
        try {
          if (this.reloadWanted) {
            this.reloadWanted = false;
            this.wake = new AbortController();
            if (!(await this.loadOrRetry())) return;
          }
          await this.step(this.wake.signal);
          errors = 0;
        } catch (error) {
          errors += 1;
          this.logger.warn({ msg: 'endpoint worker step failed', endpointId: this.endpointId, error: (error as Error).message });
          await sleep(backoffDelay(errors, { initialBackoffMs: 500, maxBackoffMs: 30_000 }), this.wake.signal);
        }
      }
    } finally {
      this.channel?.close();
      await this.reader?.stop().catch(() => undefined);
    }
  }

  /** A load that failed (database, broker) is tried again on the next turn. */
  private async loadOrRetry(): Promise<boolean> {
    try {
      return await this.load();
    } catch (error) {
      this.reloadWanted = true;
      throw error;
    }
  }

  /** Reads the row again; false when this worker should no longer run. */
  private async load(): Promise<boolean> {
    const row = await this.ctx.dataSource.getRepository(DeliveryEndpointEntity).findOneBy({ id: this.endpointId });
    if (!row || row.leaseEpoch !== this.leaseEpoch || row.leaseOwner !== this.ctx.instanceId || !hasWorker(row.status)) return false;
    const previous = this.row;
    this.row = row;
    this.channel?.close();
    this.channel = await this.ctx.channels.open(row);
    if (previous?.rateLimitPerSecond !== row.rateLimitPerSecond) this.bucket = new TokenBucket(row.rateLimitPerSecond);
    if (!this.reader) {
      const reader = new FeedReader(this.ctx.feeds.kafka, {
        groupId: `delivery.endpoint.${row.id}.${this.leaseEpoch}`, topic: row.topic, subscriptionId: row.subscriptionId, readahead: this.ctx.config.readahead,
      });
      try {
        await reader.start(await this.positionOf(row));
      } catch (error) {
        await reader.stop().catch(() => undefined);
        throw error;
      }
      this.reader = reader;
    } else if (previous.cursorNumber !== row.cursorNumber || previous.cursorOffset !== row.cursorOffset) {
      this.reader.restartAt(await this.positionOf(row));
    }
    return true;
  }

  /** Just after the cursor's copy when its offset is known; else a lower bound of the next number's first copy. */
  private async positionOf(row: DeliveryEndpointEntity): Promise<number> {
    if (row.cursorOffset !== null) return row.cursorOffset + 1;
    const next = row.cursorNumber + 1;
    const [indexed]: Array<{ event_number: string; kafka_offset: string }> = await this.ctx.dataSource.query(
      'select event_number, kafka_offset from feed_offset where subscription_id = $1 and event_number <= $2 order by event_number desc limit 1',
      [row.subscriptionId, next],
    );
    const range = (await this.ctx.feeds.ranges([row.topic])).get(row.topic);
    return seekOffsetFor(next, indexed ? { number: Number(indexed.event_number), offset: Number(indexed.kafka_offset) } : null, Number(range?.low ?? 0n));
  }

  private async step(signal: AbortSignal): Promise<void> {
    const { timer } = this.ctx;
    if (this.row.nextAttemptAt && timer.now() < this.row.nextAttemptAt) return timer.waitUntil(this.row.nextAttemptAt, signal);
    if (Date.now() < this.heldUntil) return sleep(this.heldUntil - Date.now(), signal);
    const work = await this.nextWork(signal);
    if (!work) return;
    if (work.kind === 'block') {
      await this.ctx.results.block(this.row, this.leaseEpoch, work.number, work.reason, null);
      this.reloadWanted = true;
      return;
    }
    const snapshot = { ...snapshotOf(this.row), lastSeenNumber: this.lastSeen() };
    const format = this.ctx.channels.formatOf(this.row.format);
    if (work.kind === 'heartbeat') {
      this.heartbeatTriedAt = timer.now();
      return this.send(await format.heartbeat(snapshot), []);
    }
    let notification: OutgoingNotification;
    try {
      notification = await format.events(snapshot, await this.ctx.feeds.decode(work.copies));
    } catch (error) {
      return this.buildFailed(error, work.copies[0]);
    }
    this.held = 0;
    await this.send(notification, work.copies.slice(0, notification.count));
  }

  /** The next work: copies to deliver, a block, a heartbeat once idle for the period; null when woken. */
  private async nextWork(signal: AbortSignal): Promise<Work | null> {
    const reader = this.reader!;
    const heartbeatAt = this.heartbeatDue();
    while (!signal.aborted) {
      const selection = selectWork(reader.peek(this.ctx.config.readahead), this.row.cursorNumber, snapshotOf(this.row).maxEventsPerNotification);
      if (selection.duplicates > 0) this.ctx.results.duplicates(selection.duplicates);
      reader.drop(selection.duplicates);
      if (selection.work) return selection.work;
      if (heartbeatAt && this.ctx.timer.now() >= heartbeatAt) return { kind: 'heartbeat' };
      const waiting = new AbortController();
      const wake = () => waiting.abort();
      signal.addEventListener('abort', wake, { once: true });
      await Promise.race([reader.whenAny(waiting.signal), ...(heartbeatAt ? [this.ctx.timer.waitUntil(heartbeatAt, waiting.signal)] : [])]);
      waiting.abort();
      signal.removeEventListener('abort', wake);
    }
    return null;
  }

  private heartbeatDue(): Date | null {
    const period = this.row.heartbeatPeriodSeconds * 1_000;
    if (period === 0) return null;
    const last = Math.max(this.row.lastNotificationAt?.getTime() ?? 0, this.heartbeatTriedAt.getTime());
    return new Date(last + period);
  }

  private lastSeen(): number {
    return Math.max(this.row.lastSeenNumber, this.reader?.lastSeenNumber ?? 0);
  }

  private async send(notification: OutgoingNotification, copies: FeedCopy[]): Promise<void> {
    await this.bucket!.take();
    const channel = this.channel!;
    const startedAt = this.ctx.timer.now();
    const sent = await this.ctx.results.sendLimited(channel, notification, this.row.timeoutSeconds * 1_000);
    const applied = await this.ctx.results.record(this.row, this.leaseEpoch, copies, notification, sent, startedAt, this.lastSeen());
    if (!applied) {
      this.reloadWanted = true;
      return;
    }
    this.row = applied.row;
    this.reader!.drop(applied.delivered);
    if (applied.reload || !hasWorker(this.row.status)) this.reloadWanted = true;
  }

  /** A dependency not ready: tried again soon, never counted against the receiver. Poison: the endpoint blocks. */
  private async buildFailed(error: unknown, first: { number: number }): Promise<void> {
    if (error instanceof NotificationHeldError) {
      this.held += 1;
      this.heldUntil = Date.now() + backoffDelay(this.held, { initialBackoffMs: 1_000, maxBackoffMs: 30_000 });
      await this.ctx.results.held(this.row, this.leaseEpoch, first.number, error.message);
      return;
    }
    if (!(error instanceof NotificationBuildError)) throw error;
    await this.ctx.results.block(this.row, this.leaseEpoch, first.number, error.message, 'build-failed');
    this.reloadWanted = true;
  }
}

/** Real time, cut short when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
