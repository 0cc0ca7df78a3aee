import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMedication1732600000300 implements MigrationInterface {
  name = 'CreateMedication1732600000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table medication (
        id uuid primary key,
        patient_id uuid not null,
        medicine jsonb not null,
        dosage_text text not null,
        route text not null check (route in ('oral', 'topical', 'intravenous', 'intramuscular', 'subcutaneous', 'inhaled', 'rectal', 'other')),
        quantity jsonb not null,
        course_type text not null check (course_type in ('acute', 'repeat')),
        prescriber jsonb not null,
        allergy_override jsonb,
        status text not null check (status in ('active', 'stopped')),
        stop_reason text,
        prescribed_at timestamptz not null,
        stopped_at timestamptz,
        updated_at timestamptz not null default now(),
        check ((status = 'stopped') = (stopped_at is not null))
      )`);
    await runner.query('create index medication_patient_id on medication (patient_id)');
    // patient_id is repeated here so that a merge moves a patient's dispensations without a join.
    await runner.query(`
      create table dispensation (
        id uuid primary key,
        medication_id uuid not null references medication (id),
        patient_id uuid not null,
        pharmacy_ods_code text not null,
        quantity jsonb not null,
        dispensed_at timestamptz not null
      )`);
    await runner.query('create index dispensation_medication_id on dispensation (medication_id)');
    await runner.query('create index dispensation_patient_id on dispensation (patient_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table dispensation');
    await runner.query('drop table medication');
  }
}
