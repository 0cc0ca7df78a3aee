import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AttemptKind, AttemptOutcome } from '../domain/delivery-outcome';
import type { EndpointAction, EndpointStatus } from '../domain/endpoint';
import { DeliveryMetrics } from './delivery-metrics';

export interface AttemptRecord {
  kind: AttemptKind;
  eventNumber: number | null;
  eventCount: number;
  eventId: string | null;
  kafkaOffset: number | null;
  attempt: number;
  startedAt: Date;
  latencyMs: number;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  retryAfterMs: number | null;
  error: string | null;
}

/** A worker's write: fenced by the lease epoch and control version it holds. */
export interface EndpointCommit {
  endpointId: string;
  leaseEpoch: number;
  controlVersion: number;
  /** The new cursor after a 2xx; null leaves it. */
  cursor: { number: number; offset: number } | null;
  lastSeenNumber: number;
  consecutiveFailures: number;
  failingSince: Date | null;
  nextAttemptAt: Date | null;
  lastError: string | null;
  /** Null leaves them. */
  lastNotificationAt: Date | null;
  lastDeliveredAt: Date | null;
  attempt: AttemptRecord | null;
  /** First occurrences just delivered: the index a later seek by number starts from. */
  feedOffsets: Array<{ subscriptionId: string; number: number; offset: number }>;
}

export interface StatusChange {
  action: EndpointAction;
  from: EndpointStatus;
  to: EndpointStatus;
  reason: string | null;
  /** Set when the endpoint blocks at a number (poison, gap); cleared by any other change. */
  blocked: { number: number; reason: string; since: Date } | null;
  at: Date;
  details: Record<string, unknown>;
}

/**
 * Writes the workers' cursors, failure counts and attempts. Commits that arrive while a flush runs
 * wait for the next one, which starts as soon as it ends (no timer): under load many endpoints'
 * commits share one statement, idle a commit goes alone at once. Each resolves true when its fence
 * held, false when the lease or an API change overtook it (the worker then reloads or stops).
 */
@Injectable()
export class CursorCommitter {
  private pending: Array<{ commit: EndpointCommit; done: (fenced: boolean) => void; failed: (error: Error) => void }> = [];
  private flushing = false;

  constructor(private readonly dataSource: DataSource, private readonly metrics: DeliveryMetrics) {}

  commit(commit: EndpointCommit): Promise<boolean> {
    return new Promise((done, failed) => {
      this.pending.push({ commit, done, failed });
      if (!this.flushing) void this.flush();
    });
  }

  /** A change of status goes alone, in a transaction with its audit row. */
  change(commit: EndpointCommit, change: StatusChange): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const written = await writeCommits(manager, [commit]);
      if (!written.has(commit.endpointId)) return false;
      await manager.query(
        `update delivery_endpoint set status = $2, status_reason = $3, blocked_number = $4, blocked_reason = $5, blocked_since = $6, updated_at = $7 where id = $1`,
        [commit.endpointId, change.to, change.reason, change.blocked?.number ?? null, change.blocked?.reason ?? null, change.blocked?.since ?? null, change.at],
      );
      await manager.query(
        `insert into endpoint_transition (endpoint_id, action, from_status, to_status, from_cursor, to_cursor, details, actor, at)
         values ($1, $2, $3, $4, null, $5, $6, null, $7)`,
        [commit.endpointId, change.action, change.from, change.to, commit.cursor?.number ?? null, JSON.stringify(change.details), change.at],
      );
      return true;
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.metrics.commitBatch(batch.length);
      try {
        const written = await writeCommits(this.dataSource.manager, batch.map((entry) => entry.commit));
        for (const entry of batch) entry.done(written.has(entry.commit.endpointId));
      } catch (error) {
        for (const entry of batch) entry.failed(error as Error);
      }
    }
    this.flushing = false;
  }
}

/** The commits' attempts, feed offsets and endpoint rows in one statement; gives the endpoints whose fence held. */
async function writeCommits(manager: EntityManager, commits: EndpointCommit[]): Promise<Set<string>> {
  const attempts = commits.flatMap((c) => (c.attempt ? [{ endpointId: c.endpointId, ...c.attempt }] : []));
  const offsets = commits.flatMap((c) => c.feedOffsets);
  const column = <T, V>(rows: T[], pick: (row: T) => V) => rows.map(pick);
  // An UPDATE answers [rows, count] through TypeORM.
  const [rows]: [Array<{ id: string }>, number] = await manager.query(
    `with attempts as (
       insert into delivery_attempt (endpoint_id, kind, event_number, event_count, event_id, kafka_offset, attempt, started_at, latency_ms, outcome, http_status, retry_after_ms, error)
       select * from unnest($1::uuid[], $2::text[], $3::bigint[], $4::int[], $5::uuid[], $6::bigint[], $7::int[], $8::timestamptz[], $9::int[], $10::text[], $11::int[], $12::int[], $13::text[])
     ), offsets as (
       insert into feed_offset (subscription_id, event_number, kafka_offset)
       select * from unnest($14::uuid[], $15::bigint[], $16::bigint[]) on conflict do nothing
     )
     update delivery_endpoint e set
       cursor_number = coalesce(i.cursor_number, e.cursor_number),
       cursor_offset = case when i.cursor_number is null then e.cursor_offset else i.cursor_offset end,
       last_seen_number = greatest(e.last_seen_number, i.last_seen_number),
       consecutive_failures = i.failures, failing_since = i.failing_since, next_attempt_at = i.next_attempt_at, last_error = i.last_error,
       last_notification_at = coalesce(i.last_notification_at, e.last_notification_at),
       last_delivered_at = coalesce(i.last_delivered_at, e.last_delivered_at)
     from unnest($17::uuid[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[], $22::bigint[], $23::int[], $24::timestamptz[], $25::timestamptz[], $26::text[], $27::timestamptz[], $28::timestamptz[])
       as i (id, lease_epoch, control_version, cursor_number, cursor_offset, last_seen_number, failures, failing_since, next_attempt_at, last_error, last_notification_at, last_delivered_at)
     where e.id = i.id and e.lease_epoch = i.lease_epoch and e.control_version = i.control_version
     returning e.id`,
    [
      column(attempts, (a) => a.endpointId), column(attempts, (a) => a.kind), column(attempts, (a) => a.eventNumber), column(attempts, (a) => a.eventCount),
      column(attempts, (a) => a.eventId), column(attempts, (a) => a.kafkaOffset), column(attempts, (a) => a.attempt), column(attempts, (a) => a.startedAt),
      column(attempts, (a) => a.latencyMs), column(attempts, (a) => a.outcome), column(attempts, (a) => a.httpStatus), column(attempts, (a) => a.retryAfterMs),
      column(attempts, (a) => a.error),
      column(offsets, (o) => o.subscriptionId), column(offsets, (o) => o.number), column(offsets, (o) => o.offset),
      column(commits, (c) => c.endpointId), column(commits, (c) => c.leaseEpoch), column(commits, (c) => c.controlVersion),
      column(commits, (c) => c.cursor?.number ?? null), column(commits, (c) => c.cursor?.offset ?? null), column(commits, (c) => c.lastSeenNumber),
      column(commits, (c) => c.consecutiveFailures), column(commits, (c) => c.failingSince), column(commits, (c) => c.nextAttemptAt),
      column(commits, (c) => c.lastError), column(commits, (c) => c.lastNotificationAt), column(commits, (c) => c.lastDeliveredAt),
    ],
  );
  return new Set(rows.map((row) => row.id));
}
