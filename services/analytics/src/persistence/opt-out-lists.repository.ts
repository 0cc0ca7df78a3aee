import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ListState, OptOutListKind } from '../domain/opt-out-gate';

export interface LoadedList extends ListState {
  kind: OptOutListKind;
  loadedAt: Date;
  entries: number;
}

export interface StagedLoad {
  loadId: string;
  kind: OptOutListKind;
  checkedAt: Date;
}

/** The latest list of each kind, replaced whole by a load: the NHS numbers of patients without an opt-out. */
@Injectable()
export class OptOutListsRepository {
  async stage(manager: EntityManager, load: StagedLoad, at: Date): Promise<void> {
    await manager.query('insert into opt_out_load (load_id, kind, checked_at, created_at) values ($1, $2, $3, $4)', [load.loadId, load.kind, load.checkedAt, at]);
  }

  async addToStaged(manager: EntityManager, loadId: string, nhsNumbers: string[]): Promise<void> {
    await manager.query('insert into opt_out_load_entry (load_id, nhs_number) select $1, unnest($2::text[]) on conflict do nothing', [loadId, nhsNumbers]);
  }

  async staged(manager: EntityManager, loadId: string): Promise<StagedLoad | null> {
    const [row] = await manager.query('select load_id as "loadId", kind, checked_at as "checkedAt" from opt_out_load where load_id = $1 for update', [loadId]);
    return row ?? null;
  }

  /** Makes the staged load the list of its kind, and forgets the load. */
  async replaceWithStaged(manager: EntityManager, load: StagedLoad, loadedAt: Date): Promise<number> {
    await this.lockKind(manager, load.kind);
    await manager.query('delete from opt_out_entry where kind = $1', [load.kind]);
    await manager.query('insert into opt_out_entry (kind, nhs_number) select $1, nhs_number from opt_out_load_entry where load_id = $2', [load.kind, load.loadId]);
    const [{ n }] = await manager.query('select count(*)::int as n from opt_out_entry where kind = $1', [load.kind]);
    await this.record(manager, load.kind, load.checkedAt, loadedAt, n);
    await manager.query('delete from opt_out_load where load_id = $1', [load.loadId]);
    return n;
  }

  async replace(manager: EntityManager, kind: OptOutListKind, nhsNumbers: string[], checkedAt: Date, loadedAt: Date): Promise<void> {
    await this.lockKind(manager, kind);
    await manager.query('delete from opt_out_entry where kind = $1', [kind]);
    await manager.query('insert into opt_out_entry (kind, nhs_number) select $1, unnest($2::text[]) on conflict do nothing', [kind, nhsNumbers]);
    await this.record(manager, kind, checkedAt, loadedAt, new Set(nhsNumbers).size);
  }

  async lists(manager: EntityManager): Promise<Partial<Record<OptOutListKind, LoadedList>>> {
    const rows: LoadedList[] = await manager.query('select kind, checked_at as "checkedAt", loaded_at as "loadedAt", entries from opt_out_list');
    return Object.fromEntries(rows.map((row) => [row.kind, row]));
  }

  /**
   * Taken by every handler that decides by the lists, before it reads them: a load (which holds its kind's lock
   * exclusively until it commits) and a handler never overlap, so no record is held by a list a concurrent load
   * has already replaced (that load's release pass would miss it). A handler waits; past its time budget the lock
   * wait fails as transient and the event is retried.
   */
  async lockForDeciding(manager: EntityManager): Promise<void> {
    for (const kind of ['national', 'type1']) await manager.query('select pg_advisory_xact_lock_shared(hashtext($1))', [`opt-out-list:${kind}`]);
  }

  /** One writer at a time: a second load waits, then replaces the first one's list whole. */
  private async lockKind(manager: EntityManager, kind: OptOutListKind): Promise<void> {
    await manager.query('select pg_advisory_xact_lock(hashtext($1))', [`opt-out-list:${kind}`]);
  }

  private async record(manager: EntityManager, kind: OptOutListKind, checkedAt: Date, loadedAt: Date, entries: number): Promise<void> {
    await manager.query(
      `insert into opt_out_list (kind, checked_at, loaded_at, entries) values ($1, $2, $3, $4)
       on conflict (kind) do update set checked_at = excluded.checked_at, loaded_at = excluded.loaded_at, entries = excluded.entries`,
      [kind, checkedAt, loadedAt, entries],
    );
  }
}
