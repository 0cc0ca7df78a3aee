import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What became of each record, per recipient: sent, suppressed by k, dropped by an opt-out. */
export type Outcome = 'emitted' | 'suppressed' | 'dropped' | 'withdrawn';

@Injectable()
export class FeedCountsRepository {
  async add(manager: EntityManager, recipient: string, outcome: Outcome, recordType: string, n = 1): Promise<void> {
    await manager.query(
      `insert into feed_count (recipient, outcome, record_type, count) values ($1, $2, $3, $4)
       on conflict (recipient, outcome, record_type) do update set count = feed_count.count + excluded.count`,
      [recipient, outcome, recordType, n],
    );
  }

  async all(manager: EntityManager): Promise<Array<{ recipient: string; outcome: Outcome; recordType: string; count: number }>> {
    return manager.query('select recipient, outcome, record_type as "recordType", count::int as count from feed_count');
  }
}
