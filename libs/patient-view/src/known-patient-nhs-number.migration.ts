import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patient's NHS number beside their id, from PatientRegistered: a patient's token names them by
 * NHS number only, and a clinical service matches it to the patient whose data is asked for. Rows
 * made known before (or by another event than their registration) have none until it arrives.
 */
export class KnownPatientNhsNumber1767000003000 implements MigrationInterface {
  name = 'KnownPatientNhsNumber1767000003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table known_patient add column nhs_number text');
    await runner.query('create index known_patient_nhs_number on known_patient (nhs_number)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index known_patient_nhs_number');
    await runner.query('alter table known_patient drop column nhs_number');
  }
}
