import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An allergy entered in error keeps its row, marked, instead of losing it: its AllergyRecorded,
 * keyed by another patient after a merge, can arrive later and must not bring it back.
 */
export class PatientAllergyStatus1732600000302 implements MigrationInterface {
  name = 'PatientAllergyStatus1732600000302';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table patient_allergy
        add column status text not null default 'active' check (status in ('active', 'entered-in-error'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`delete from patient_allergy where status = 'entered-in-error'`);
    await runner.query('alter table patient_allergy drop column status');
  }
}
