import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feed's tables. The opt-out lists (opt_out_list, opt_out_entry) are kept apart from event data: no
 * record, held or sent, refers to them, and no event carries what they say beyond the record's presence.
 * analytics_patient keeps only what generalisation needs: year of birth, postcode district, never the
 * full date or postcode, name, address or contact details.
 */
export class CreateAnalytics1767100000900 implements MigrationInterface {
  name = 'CreateAnalytics1767100000900';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table analytics_patient (
        patient_id uuid primary key,
        nhs_number text not null,
        year_of_birth int,
        postcode_district text,
        gender text,
        practice_ods_code text,
        first_seen_at timestamptz not null
      )`);
    await runner.query('create index analytics_patient_nhs_number on analytics_patient (nhs_number)');
    await runner.query(`
      create table opt_out_list (
        kind text primary key check (kind in ('national', 'type1')),
        checked_at timestamptz not null,
        loaded_at timestamptz not null,
        entries int not null
      )`);
    await runner.query(`
      create table opt_out_entry (
        kind text not null,
        nhs_number text not null,
        primary key (kind, nhs_number)
      )`);
    await runner.query(`
      create table held_record (
        id bigserial primary key,
        recipient text not null,
        patient_id uuid not null,
        event_type text not null,
        event_id uuid not null,
        occurred_at timestamptz not null,
        gp_sourced boolean not null,
        body jsonb not null,
        reason text not null,
        held_at timestamptz not null,
        unique (recipient, event_id)
      )`);
    await runner.query('create index held_record_patient on held_record (patient_id)');
    await runner.query(`
      create table released_patient (
        recipient text not null,
        patient_id uuid not null,
        withdrawn_at timestamptz,
        primary key (recipient, patient_id)
      )`);
    await runner.query(`
      create table feed_count (
        recipient text not null,
        outcome text not null,
        record_type text not null,
        count bigint not null,
        primary key (recipient, outcome, record_type)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['feed_count', 'released_patient', 'held_record', 'opt_out_entry', 'opt_out_list', 'analytics_patient']) await runner.query(`drop table ${table}`);
  }
}
