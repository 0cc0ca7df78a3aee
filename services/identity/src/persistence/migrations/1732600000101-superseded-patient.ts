import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One word across the services: a merge supersedes a record, which then names its survivor
 * (`superseded`, `surviving_patient_id`, as the clinical services' patient views and the
 * PatientRecordsMerged event say).
 */
export class SupersededPatient1732600000101 implements MigrationInterface {
  name = 'SupersededPatient1732600000101';

  async up(runner: QueryRunner): Promise<void> {
    await this.rename(runner, { from: 'merged', to: 'superseded', fromColumn: 'merged_into', toColumn: 'surviving_patient_id' });
  }

  async down(runner: QueryRunner): Promise<void> {
    await this.rename(runner, { from: 'superseded', to: 'merged', fromColumn: 'surviving_patient_id', toColumn: 'merged_into' });
  }

  private async rename(runner: QueryRunner, { from, to, fromColumn, toColumn }: Record<'from' | 'to' | 'fromColumn' | 'toColumn', string>) {
    await runner.query('drop index patient_nhs_number_live');
    await runner.query('alter table patient drop constraint patient_check, drop constraint patient_status_check');
    await runner.query(`alter table patient rename column ${fromColumn} to ${toColumn}`);
    await runner.query(`update patient set status = '${to}' where status = '${from}'`);
    await runner.query(`alter table patient add constraint patient_status_check check (status in ('active', 'deceased', '${to}'))`);
    await runner.query(`alter table patient add constraint patient_check check ((status = '${to}') = (${toColumn} is not null))`);
    await runner.query(`create unique index patient_nhs_number_live on patient (nhs_number) where status <> '${to}'`);
  }
}
