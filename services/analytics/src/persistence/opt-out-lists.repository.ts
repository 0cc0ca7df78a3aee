import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ListState, OptOutListKind } from '../domain/opt-out-gate';

export interface LoadedList extends ListState {
  kind: OptOutListKind;
  loadedAt: Date;
  entries: number;
}

/** The latest list of each kind, replaced whole by a load: the NHS numbers of patients without an opt-out. */
@Injectable()
export class OptOutListsRepository {
  async replace(manager: EntityManager, kind: OptOutListKind, nhsNumbers: string[], checkedAt: Date, loadedAt: Date): Promise<void> {
    // One writer at a time: a second load waits, then replaces the first one's list whole.
    await manager.query('select pg_advisory_xact_lock(hashtext($1))', [`opt-out-list:${kind}`]);
    await manager.query('delete from opt_out_entry where kind = $1', [kind]);
    await manager.query('insert into opt_out_entry (kind, nhs_number) select $1, unnest($2::text[]) on conflict do nothing', [kind, nhsNumbers]);
    await manager.query(
      `insert into opt_out_list (kind, checked_at, loaded_at, entries) values ($1, $2, $3, $4)
       on conflict (kind) do update set checked_at = excluded.checked_at, loaded_at = excluded.loaded_at, entries = excluded.entries`,
      [kind, checkedAt, loadedAt, new Set(nhsNumbers).size],
    );
  }

  async lists(manager: EntityManager): Promise<Partial<Record<OptOutListKind, LoadedList>>> {
    const rows: LoadedList[] = await manager.query('select kind, checked_at as "checkedAt", loaded_at as "loadedAt", entries from opt_out_list');
    return Object.fromEntries(rows.map((row) => [row.kind, row]));
  }
}
