import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each outbox row names the schema its writer validated it against (a relay of another version
 * encodes with exactly that schema), and a leadership epoch fences a deposed relay off marking rows.
 */
export class OutboxSchemaAndEpoch1764460000000 implements MigrationInterface {
  name = 'OutboxSchemaAndEpoch1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table event_schema (
        fingerprint text primary key,
        full_name text not null,
        schema text not null,
        created_at timestamptz not null default now()
      )`);
    // Null on rows written before this migration: those are encoded with the relay's own schema.
    await runner.query('alter table outbox_message add column schema_fingerprint text references event_schema (fingerprint)');
    await runner.query(`
      create table relay_leadership (
        singleton boolean primary key default true check (singleton),
        epoch bigint not null
      )`);
    await runner.query('insert into relay_leadership (epoch) values (0)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table relay_leadership');
    await runner.query('alter table outbox_message drop column schema_fingerprint');
    await runner.query('drop table event_schema');
  }
}
