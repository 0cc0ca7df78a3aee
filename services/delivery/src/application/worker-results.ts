import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { backoffDelay } from '@care-events/messaging';
import { classify, ClassifiedOutcome } from '../domain/delivery-outcome';
import { EndpointAction, nextEndpointStatus } from '../domain/endpoint';
import { afterFailure, HOUR_MS } from '../domain/retry-schedule';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { AttemptRecord, CursorCommitter, EndpointCommit } from './cursor-committer';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryTimer } from './delivery-timer';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { ChannelSend, HttpChannel } from './http-channel';
import { FeedCopy, OutgoingNotification } from './notification-format';
import { HostSlots } from './send-limits';

export interface Applied {
  /** The row as the commit left it. */
  row: DeliveryEndpointEntity;
  /** Copies acknowledged: taken off the worker's queue. */
  delivered: number;
  /** An API change arrived meanwhile: the worker reads the row again. */
  reload: boolean;
}

/**
 * What follows a request, written for the worker: the attempt, then the cursor after a 2xx, the
 * failure count, backoff and pause after a failure, the end after a 410, the block on poison.
 */
@Injectable()
export class WorkerResults {
  private readonly logger = new Logger('EndpointWorker');
  private readonly hostSlots: HostSlots;

  constructor(
    private readonly dataSource: DataSource,
    private readonly committer: CursorCommitter,
    private readonly metrics: DeliveryMetrics,
    private readonly timer: DeliveryTimer,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {
    this.hostSlots = new HostSlots(config.maxInFlightPerHost);
  }

  /** One request, within the receiving host's share of requests in flight. */
  async sendLimited(channel: HttpChannel, notification: OutgoingNotification, timeoutMs: number): Promise<ChannelSend> {
    const release = await this.hostSlots.acquire(channel.host);
    try {
      return await channel.send(notification, timeoutMs);
    } finally {
      release();
    }
  }

  async record(row: DeliveryEndpointEntity, epoch: number, copies: FeedCopy[], notification: OutgoingNotification, sent: ChannelSend, startedAt: Date, lastSeen: number): Promise<Applied | null> {
    const now = this.timer.now();
    const classified = classify(sent.result, now);
    this.metrics.attempt(classified.outcome);
    const attempt = attemptOf(row, notification, copies, startedAt, sent.latencyMs, classified, describe(sent, classified));
    const base = { ...commitBase(row, epoch, lastSeen), attempt };
    if (classified.outcome === 'delivered') return this.delivered(row, base, copies, now);
    if (classified.outcome === 'gone') {
      const at = notification.kind === 'event' ? `event ${notification.firstNumber}` : `a ${notification.kind}`;
      return this.change(row, base, 'gone', `receiver answered 410 Gone at ${at}`, null, now);
    }
    const backoff = backoffDelay(row.consecutiveFailures + 1, { initialBackoffMs: 1_000, maxBackoffMs: this.config.maxBackoffSeconds * 1_000 });
    const decision = afterFailure({ consecutiveFailures: row.consecutiveFailures, failingSince: row.failingSince, paused: row.status === 'paused' }, now, backoff, classified.retryAfterMs, {
      maxRetryAfterMs: HOUR_MS, pauseAfterMs: this.config.pauseAfterMinutes * 60_000, pauseAfterAttempts: this.config.pauseAfterAttempts, pausedProbeMs: this.config.pausedProbeMinutes * 60_000,
    });
    const commit: EndpointCommit = { ...base, consecutiveFailures: decision.consecutiveFailures, failingSince: decision.failingSince, nextAttemptAt: decision.nextAttemptAt, lastError: attempt.error };
    if (!decision.pause) return this.written(await this.committer.commit(commit), row, commit, 0);
    const reason = `failing since ${decision.failingSince.toISOString()} (${decision.consecutiveFailures} attempts): ${attempt.error}`;
    const applied = await this.change(row, commit, 'pause', reason, null, now);
    if (applied) {
      this.metrics.paused();
      this.logger.error({ msg: 'endpoint paused', endpointId: row.id, odsCode: row.odsCode, url: row.url, cursor: row.cursorNumber, reason });
    }
    return applied;
  }

  /** The endpoint stops at `number` until an operator skips it: a gap, a malformed copy, an event that cannot be built. */
  async block(row: DeliveryEndpointEntity, epoch: number, number: number, reason: string, outcome: 'build-failed' | null): Promise<void> {
    const now = this.timer.now();
    const attempt: AttemptRecord | null = outcome && {
      kind: 'event', eventNumber: number, eventCount: 1, eventId: null, kafkaOffset: null, attempt: row.consecutiveFailures + 1,
      startedAt: now, latencyMs: 0, outcome, httpStatus: null, retryAfterMs: null, error: reason,
    };
    if (outcome) this.metrics.attempt(outcome);
    const applied = await this.change(row, { ...commitBase(row, epoch, row.lastSeenNumber), attempt }, 'block', reason, { number, reason, since: now }, now);
    if (applied) this.logger.error({ msg: 'endpoint blocked', endpointId: row.id, odsCode: row.odsCode, eventNumber: number, reason });
  }

  /** A notification that could not be built yet (registry, care-record): recorded, never counted as a failure. */
  async held(row: DeliveryEndpointEntity, epoch: number, number: number, reason: string): Promise<void> {
    this.metrics.attempt('held');
    await this.committer.commit({
      ...commitBase(row, epoch, row.lastSeenNumber),
      attempt: {
        kind: 'event', eventNumber: number, eventCount: 1, eventId: null, kafkaOffset: null, attempt: row.consecutiveFailures + 1,
        startedAt: this.timer.now(), latencyMs: 0, outcome: 'held', httpStatus: null, retryAfterMs: null, error: reason,
      },
    });
  }

  duplicates(count: number): void {
    for (let i = 0; i < count; i++) this.metrics.duplicate();
  }

  private async delivered(row: DeliveryEndpointEntity, base: EndpointCommit, copies: FeedCopy[], now: Date): Promise<Applied | null> {
    const last = copies[copies.length - 1];
    const commit: EndpointCommit = {
      ...base, consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastError: null, lastNotificationAt: now, lastDeliveredAt: last ? now : null,
      cursor: last ? { number: last.number, offset: Number(last.offset) } : null,
      feedOffsets: copies.map((copy) => ({ subscriptionId: copy.subscriptionId, number: copy.number, offset: Number(copy.offset) })),
    };
    const applied = row.status === 'paused' ? await this.change(row, commit, 'probe-accepted', null, null, now) : await this.deliveredFenced(row, commit);
    if (applied) for (const copy of copies) this.metrics.delivered((Date.now() - copy.kafkaTimestamp) / 1_000);
    return applied;
  }

  /**
   * An API change (a rotated secret, new limits) between send and commit must not lose a 2xx: while
   * the lease and the cursor are as they were, the commit is written under the new control version.
   */
  private async deliveredFenced(row: DeliveryEndpointEntity, commit: EndpointCommit): Promise<Applied | null> {
    if (await this.committer.commit(commit)) return applied(row, commit, commit.feedOffsets.length, false);
    const fresh = await this.dataSource.getRepository(DeliveryEndpointEntity).findOneBy({ id: row.id });
    if (!fresh || fresh.leaseEpoch !== commit.leaseEpoch || fresh.cursorNumber !== row.cursorNumber) return null;
    const again = { ...commit, controlVersion: fresh.controlVersion };
    return (await this.committer.commit(again)) ? applied({ ...row, controlVersion: fresh.controlVersion }, again, again.feedOffsets.length, true) : null;
  }

  private async change(row: DeliveryEndpointEntity, commit: EndpointCommit, action: EndpointAction, reason: string | null, blocked: { number: number; reason: string; since: Date } | null, at: Date): Promise<Applied | null> {
    const to = nextEndpointStatus(row.status, action);
    const written = await this.committer.change(commit, { action, from: row.status, to, reason, blocked, at, details: { eventNumber: blocked?.number ?? commit.attempt?.eventNumber ?? null } });
    if (!written) return null;
    return applied({ ...row, status: to, statusReason: reason, blockedNumber: blocked?.number ?? null, blockedReason: blocked?.reason ?? null, blockedSince: blocked?.since ?? null }, commit, commit.feedOffsets.length, false);
  }

  private written(fenced: boolean, row: DeliveryEndpointEntity, commit: EndpointCommit, delivered: number): Applied | null {
    return fenced ? applied(row, commit, delivered, false) : null;
  }
}

function commitBase(row: DeliveryEndpointEntity, epoch: number, lastSeen: number): EndpointCommit {
  return {
    endpointId: row.id, leaseEpoch: epoch, controlVersion: row.controlVersion, cursor: null, lastSeenNumber: Math.max(lastSeen, row.lastSeenNumber),
    consecutiveFailures: row.consecutiveFailures, failingSince: row.failingSince, nextAttemptAt: row.nextAttemptAt, lastError: row.lastError,
    lastNotificationAt: null, lastDeliveredAt: null, attempt: null, feedOffsets: [],
  };
}

/** The row as a written commit leaves it. */
function applied(row: DeliveryEndpointEntity, commit: EndpointCommit, delivered: number, reload: boolean): Applied {
  return {
    row: {
      ...row,
      cursorNumber: commit.cursor?.number ?? row.cursorNumber, cursorOffset: commit.cursor ? commit.cursor.offset : row.cursorOffset,
      lastSeenNumber: commit.lastSeenNumber, consecutiveFailures: commit.consecutiveFailures, failingSince: commit.failingSince,
      nextAttemptAt: commit.nextAttemptAt, lastError: commit.lastError,
      lastNotificationAt: commit.lastNotificationAt ?? row.lastNotificationAt, lastDeliveredAt: commit.lastDeliveredAt ?? row.lastDeliveredAt,
    },
    delivered,
    reload,
  };
}

function attemptOf(row: DeliveryEndpointEntity, notification: OutgoingNotification, copies: FeedCopy[], startedAt: Date, latencyMs: number, classified: ClassifiedOutcome, error: string | null): AttemptRecord {
  const [first] = copies;
  return {
    kind: notification.kind, eventNumber: first?.number ?? null, eventCount: copies.length, eventId: first?.eventId ?? null,
    kafkaOffset: first ? Number(first.offset) : null, attempt: row.consecutiveFailures + 1, startedAt, latencyMs,
    outcome: classified.outcome, httpStatus: classified.httpStatus, retryAfterMs: classified.retryAfterMs, error,
  };
}

function describe(sent: ChannelSend, classified: ClassifiedOutcome): string | null {
  if (classified.outcome === 'delivered') return null;
  if (sent.result.kind === 'timeout') return `no answer within ${Math.round(sent.latencyMs / 1_000)} s`;
  if (sent.result.kind === 'connection-error') return `connection failed: ${sent.result.error}`;
  return `HTTP ${sent.result.status}${classified.retryAfterMs !== null ? ` (Retry-After ${classified.retryAfterMs / 1_000} s)` : ''}`;
}
