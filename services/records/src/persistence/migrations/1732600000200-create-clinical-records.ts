import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateClinicalRecords1732600000200 implements MigrationInterface {
  name = 'CreateClinicalRecords1732600000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table allergy (
        id uuid primary key,
        patient_id uuid not null,
        substance jsonb not null,
        type text not null check (type in ('allergy', 'intolerance')),
        reaction jsonb,
        severity text not null check (severity in ('mild', 'moderate', 'severe')),
        criticality text not null check (criticality in ('low', 'high', 'unable-to-assess')),
        verification_status text not null check (verification_status in ('unconfirmed', 'confirmed')),
        recorded_by jsonb not null,
        onset_date date,
        clinical_status text check (clinical_status in ('active')),
        entered_in_error_reason text,
        recorded_at timestamptz not null,
        check ((clinical_status is null) = (entered_in_error_reason is not null))
      )`);
    await runner.query('create index allergy_patient_id on allergy (patient_id)');
    await runner.query(`
      create table condition (
        id uuid primary key,
        patient_id uuid not null,
        code jsonb not null,
        onset_date date,
        clinical_status text not null check (clinical_status in ('active', 'resolved')),
        recorded_by jsonb not null,
        resolved_date date,
        resolution_note text,
        recorded_at timestamptz not null,
        check ((clinical_status = 'resolved') = (resolved_date is not null))
      )`);
    await runner.query('create index condition_patient_id on condition (patient_id)');
    await runner.query(`
      create table encounter (
        id uuid primary key,
        patient_id uuid not null,
        setting text not null check (setting in (
          'general-practice', 'emergency-department', 'inpatient', 'outpatient', 'ambulance', 'community-pharmacy'
        )),
        ods_code text not null,
        started_at timestamptz not null,
        ended_at timestamptz check (ended_at >= started_at),
        reason jsonb,
        practitioner jsonb,
        recorded_at timestamptz not null
      )`);
    await runner.query('create index encounter_patient_id on encounter (patient_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table encounter');
    await runner.query('drop table condition');
    await runner.query('drop table allergy');
  }
}
