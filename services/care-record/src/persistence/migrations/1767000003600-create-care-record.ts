import { MigrationInterface, QueryRunner } from 'typeorm';

/** The care record as it was first kept when no part of it is known yet (CareRecord without patientId and supersededBy). */
const EMPTY_RECORD =
  '{"nhsNumber":null,"sensitive":false,"demographics":null,"registeredGpOdsCode":null,"nominatedPharmacyOdsCode":null,"deceased":null,' +
  '"allergies":[],"problems":[],"medications":[],"results":[],"appointments":[],"encounters":[]}';

export class CreateCareRecord1767000003600 implements MigrationInterface {
  name = 'CreateCareRecord1767000003600';

  async up(runner: QueryRunner): Promise<void> {
    // One part per patient and source service, each folded from its own topic: a batch of one topic
    // never waits for another topic's batch of the same patients, and rewrites only its own part.
    await runner.query(`
      create table care_record_part (
        patient_id uuid not null,
        source text not null check (source in ('identity', 'records', 'medications', 'appointments', 'results')),
        document jsonb not null,
        superseded_by uuid,
        nhs_number text,
        updated_at timestamptz not null default now(),
        primary key (patient_id, source)
      )`);
    await runner.query(`create index care_record_part_nhs_number on care_record_part (nhs_number) where source = 'identity' and nhs_number is not null`);
    // The whole record, as the API answers it: the parts' fields together; merged into the record
    // identity names, or failing that the one a clinical source's merge names.
    await runner.query(`
      create view care_record as
      select patient_id, nhs_number, superseded_by, updated_at,
             '${EMPTY_RECORD}'::jsonb || fields || jsonb_build_object('patientId', patient_id, 'supersededBy', superseded_by) as document
        from (
          select p.patient_id,
                 max(p.nhs_number) as nhs_number,
                 jsonb_object_agg(field.key, field.value) as fields,
                 (array_agg(p.superseded_by order by p.source <> 'identity', p.source) filter (where p.superseded_by is not null))[1] as superseded_by,
                 max(p.updated_at) as updated_at
            from care_record_part p
            cross join lateral jsonb_each(p.document) as field
           group by p.patient_id
        ) as parts`);
    // Per partition, so that batches of one topic's partitions never wait for each other's row.
    await runner.query(`
      create table source_position (
        topic text not null,
        partition integer not null,
        last_recorded_at timestamptz not null,
        events_applied bigint not null,
        updated_at timestamptz not null default now(),
        primary key (topic, partition)
      )`);
    await runner.query(`
      create table access_log_entry (
        event_id uuid primary key,
        patient_id uuid not null,
        accessed_at timestamptz not null,
        accessor_kind text not null,
        accessor_id text not null,
        accessor_role text,
        accessor_ods_code text,
        what text not null,
        purpose text not null,
        break_glass boolean not null,
        break_glass_reason text,
        outcome text not null,
        denial_reason text,
        service text not null
      )`);
    await runner.query('create index access_log_entry_patient on access_log_entry (patient_id, accessed_at desc)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table access_log_entry');
    await runner.query('drop table source_position');
    await runner.query('drop view care_record');
    await runner.query('drop table care_record_part');
  }
}
