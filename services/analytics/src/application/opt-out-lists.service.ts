import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
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
 * A small list comes in one request; a large one is staged in parts and completed.
 */
@Injectable()
export class OptOutListsService {
  constructor(private readonly dataSource: DataSource, private readonly lists: OptOutListsRepository, private readonly feed: AnalyticsFeed, private readonly clock: Clock) {}

  async load(kind: OptOutListKind, nhsNumbers: string[], checkedAt: Date): Promise<LoadedListSummary> {
    return this.dataSource.transaction(async (manager) => {
      await this.lists.replace(manager, kind, nhsNumbers, checkedAt, this.clock.now());
      return this.applied(manager, kind, checkedAt, new Set(nhsNumbers).size);
    });
  }

  async stage(kind: OptOutListKind, checkedAt: Date): Promise<{ loadId: string }> {
    const loadId = randomUUID();
    await this.lists.stage(this.dataSource.manager, { loadId, kind, checkedAt }, this.clock.now());
    return { loadId };
  }

  async addPart(loadId: string, nhsNumbers: string[]): Promise<{ loadId: string; received: number }> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.lists.staged(manager, loadId))) throw new NotFoundException(`no staged opt-out list load ${loadId}`);
      await this.lists.addToStaged(manager, loadId, nhsNumbers);
      return { loadId, received: nhsNumbers.length };
    });
  }

  async complete(loadId: string): Promise<LoadedListSummary> {
    return this.dataSource.transaction(async (manager) => {
      const load = await this.lists.staged(manager, loadId);
      if (!load) throw new NotFoundException(`no staged opt-out list load ${loadId}`);
      const entries = await this.lists.replaceWithStaged(manager, load, this.clock.now());
      return this.applied(manager, load.kind, load.checkedAt, entries);
    });
  }

  private async applied(manager: EntityManager, kind: OptOutListKind, checkedAt: Date, entries: number): Promise<LoadedListSummary> {
    const withdrawn = await this.feed.withdrawOptedOut(manager);
    const released = await this.feed.releaseHeld(manager);
    return { kind, checkedAt: checkedAt.toISOString(), entries, ...released, withdrawn };
  }
}
