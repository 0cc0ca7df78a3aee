import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What became of each record, per recipient: sent, suppressed by k, dropped by an opt-out. */
export type Outcome = 'emitted' | 'suppressed' | 'dropped' | 'withdrawn';

export interface FeedCountDelta {
  recipient: string;
  outcome: Outcome;
  recordType: string;
  n: number;
}

@Injectable()
export class FeedCountsRepository {
  async add(manager: EntityManager, recipient: string, outcome: Outcome, recordType: string, n = 1): Promise<void> {
    await this.addAll(manager, [{ recipient, outcome, recordType, n }]);
  }

  /** Several counts in one statement; each (recipient, outcome, record type) at most once. */
  async addAll(manager: EntityManager, counts: FeedCountDelta[]): Promise<void> {
    if (counts.length === 0) return;
    await manager.query(
      `insert into feed_count (recipient, outcome, record_type, count)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])
       on conflict (recipient, outcome, record_type) do update set count = feed_count.count + excluded.count`,
      [counts.map((c) => c.recipient), counts.map((c) => c.outcome), counts.map((c) => c.recordType), counts.map((c) => c.n)],
    );
  }

  async all(manager: EntityManager): Promise<Array<{ recipient: string; outcome: Outcome; recordType: string; count: number }>> {
    return manager.query('select recipient, outcome, record_type as "recordType", count::int as count from feed_count');
  }
}
