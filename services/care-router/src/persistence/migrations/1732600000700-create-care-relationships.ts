import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCareRelationships1732600000700 implements MigrationInterface {
  name = 'CreateCareRelationships1732600000700';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table care_patient (
        patient_id uuid primary key,
        registered boolean not null default false,
        sensitive boolean not null default false,
        deceased boolean not null default false,
        surviving_patient_id uuid,
        registered_gp_ods_code text,
        updated_at timestamptz not null default now(),
        check (surviving_patient_id is distinct from patient_id)
      )`);
    await runner.query(`
      create table care_relationship (
        id uuid primary key,
        patient_id uuid not null,
        ods_code text not null,
        kind text not null check (kind in ('GP_PRACTICE', 'NOMINATED_PHARMACY', 'ENCOUNTER', 'APPOINTMENT', 'RESULT', 'FOLLOW')),
        source_id text,
        started_at timestamptz not null,
        ends_at timestamptz,
        ended_at timestamptz,
        end_reason text check (end_reason in ('SUPERSEDED_BY_CHANGE', 'WINDOW_ELAPSED', 'PATIENT_DECEASED', 'PATIENTS_MERGED', 'FOLLOW_ENDED', 'FOLLOW_EXPIRED')),
        reason text,
        created_by jsonb,
        ended_by jsonb,
        check ((ended_at is null) = (end_reason is null)),
        check (ended_at is null or ended_at >= started_at),
        check (kind <> 'FOLLOW' or (ends_at is not null and reason is not null and created_by is not null))
      )`);
    // A patient's relationships open now or ended after a time: what every event looks at.
    await runner.query(`create index care_relationship_patient on care_relationship (patient_id, ended_at)`);
    // What an amendment, attendance or discharge is about (the event names only the report, appointment or encounter).
    await runner.query(`create index care_relationship_source on care_relationship (patient_id, kind, source_id) where source_id is not null`);
    // DELETE /follows/{id}: a follow keeps its id (source_id) across the records a merge moves it to.
    await runner.query(`create index care_relationship_follow on care_relationship (source_id) where kind = 'FOLLOW'`);
    // The sweep looks only at open relationships with a scheduled end.
    await runner.query(`create index care_relationship_due on care_relationship (ends_at) where ended_at is null and ends_at is not null`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table care_relationship');
    await runner.query('drop table care_patient');
  }
}
