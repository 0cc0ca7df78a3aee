import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePatient1732600000100 implements MigrationInterface {
  name = 'CreatePatient1732600000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table patient (
        id uuid primary key,
        nhs_number char(10) not null,
        name jsonb not null,
        birth_date date not null,
        gender text not null check (gender in ('male', 'female', 'other', 'unknown')),
        address jsonb,
        contact jsonb,
        registered_gp_ods_code text not null,
        nominated_pharmacy_ods_code text,
        sensitive boolean not null default false,
        status text not null check (status in ('active', 'deceased', 'merged')),
        date_of_death date,
        merged_into uuid references patient (id),
        version int not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((status = 'merged') = (merged_into is not null))
      )`);
    // One live record per NHS number; a merged duplicate may keep the number it was registered with.
    await runner.query(`create unique index patient_nhs_number_live on patient (nhs_number) where status <> 'merged'`);
    await runner.query(`create index patient_nhs_number on patient (nhs_number)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table patient');
  }
}
