import { MigrationInterface, QueryRunner } from 'typeorm';

/** A merged-away record points at its survivor: one person, counted once in a k-anonymity group. */
export class SupersededPatients1767100000902 implements MigrationInterface {
  name = 'SupersededPatients1767100000902';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table analytics_patient add column superseded_by uuid');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table analytics_patient drop column superseded_by');
  }
}
