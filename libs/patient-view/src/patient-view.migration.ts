import { MigrationInterface, QueryRunner } from 'typeorm';

/** The local view of identity's patients that every clinical service keeps beside its own tables. */
export class CreateKnownPatient1732600000050 implements MigrationInterface {
  name = 'CreateKnownPatient1732600000050';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table known_patient (
        patient_id uuid primary key,
        status text not null check (status in ('active', 'deceased', 'superseded')),
        date_of_death date,
        surviving_patient_id uuid,
        updated_at timestamptz not null default now(),
        check ((status = 'superseded') = (surviving_patient_id is not null))
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table known_patient');
  }
}
