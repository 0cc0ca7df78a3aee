import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care relationships from care-router.relationship.v1, beside each service's own tables: what the
 * access rules ask when a member of staff reads a patient. Named apart from care-router's own
 * care_relationship table, which holds the relationships themselves.
 */
export class CreateKnownCareRelationship1767000003100 implements MigrationInterface {
  name = 'CreateKnownCareRelationship1767000003100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table known_care_relationship (
        relationship_id uuid primary key,
        patient_id uuid not null,
        ods_code text not null,
        ends_at timestamptz,
        ended boolean not null
      )`);
    // The one question asked of it: is this organisation related to this patient now?
    await runner.query('create index known_care_relationship_open on known_care_relationship (patient_id, ods_code) where not ended');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table known_care_relationship');
  }
}
