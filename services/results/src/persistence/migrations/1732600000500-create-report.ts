import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReport1732600000500 implements MigrationInterface {
  name = 'CreateReport1732600000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table report (
        id uuid primary key,
        patient_id uuid not null,
        test_code jsonb not null,
        performing_lab_ods_code text not null,
        requesting_ods_code text not null,
        effective_at timestamptz,
        current_version int not null check (current_version >= 1),
        released_version int check (released_version between 1 and current_version),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await runner.query(`create index report_patient_id on report (patient_id)`);
    await runner.query(`
      create table report_version (
        report_id uuid not null references report (id),
        version int not null check (version >= 1),
        status text not null check (status in ('preliminary', 'final')),
        observations jsonb not null,
        all_normal_final boolean not null,
        reported_at timestamptz not null,
        amends_version int,
        reason text,
        primary key (report_id, version),
        check ((version = 1) = (amends_version is null))
      )`);
    // The sweep looks only at versions that could be released automatically.
    await runner.query(`create index report_version_auto_release on report_version (reported_at) where all_normal_final`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table report_version');
    await runner.query('drop table report');
  }
}
