import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { OptOutListKind } from '../domain/opt-out-gate';
import { OptOutListsRepository } from '../persistence/opt-out-lists.repository';
import { AnalyticsFeed } from './analytics-feed';

export interface LoadedListSummary {
  kind: OptOutListKind;
  checkedAt: string;
  entries: number;
  released: number;
  dropped: number;
  stillHeld: number;
  withdrawn: number;
}

/**
 * Loads a list the national "Check for National Data Opt-outs" service returned (the NHS numbers without an
 * opt-out, of the cohort submitted at checkedAt), replacing the previous one in one transaction with what
 * it changes: withdrawals for patients no longer on it, and the release of held records it now allows.
 */
@Injectable()
export class OptOutListsService {
  constructor(private readonly dataSource: DataSource, private readonly lists: OptOutListsRepository, private readonly feed: AnalyticsFeed, private readonly clock: Clock) {}

  async load(kind: OptOutListKind, nhsNumbers: string[], checkedAt: Date): Promise<LoadedListSummary> {
    return this.dataSource.transaction(async (manager) => {
      await this.lists.replace(manager, kind, nhsNumbers, checkedAt, this.clock.now());
      const withdrawn = await this.feed.withdrawOptedOut(manager);
      const released = await this.feed.releaseHeld(manager);
      return { kind, checkedAt: checkedAt.toISOString(), entries: new Set(nhsNumbers).size, ...released, withdrawn };
    });
  }
}
