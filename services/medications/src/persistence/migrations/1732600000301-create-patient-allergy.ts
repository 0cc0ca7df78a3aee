import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePatientAllergy1732600000301 implements MigrationInterface {
  name = 'CreatePatientAllergy1732600000301';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table patient_allergy (
        allergy_id uuid primary key,
        patient_id uuid not null,
        substance_concept_id text not null,
        substance_term text not null
      )`);
    await runner.query('create index patient_allergy_patient_id on patient_allergy (patient_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table patient_allergy');
  }
}
