import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A list of millions of NHS numbers arrives in parts (a request body is at most 100 kB): the parts gather in a
 * staged load, which replaces the list only when it is complete, in one transaction.
 */
export class StagedOptOutLoads1767100000901 implements MigrationInterface {
  name = 'StagedOptOutLoads1767100000901';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table opt_out_load (
        load_id uuid primary key,
        kind text not null check (kind in ('national', 'type1')),
        checked_at timestamptz not null,
        created_at timestamptz not null
      )`);
    await runner.query(`
      create table opt_out_load_entry (
        load_id uuid not null references opt_out_load on delete cascade,
        nhs_number text not null,
        primary key (load_id, nhs_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table opt_out_load_entry');
    await runner.query('drop table opt_out_load');
  }
}
