import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSlotAndAppointment1732600000400 implements MigrationInterface {
  name = 'CreateSlotAndAppointment1732600000400';

  async up(runner: QueryRunner): Promise<void> {
    // Places are taken with one conditional update (booked < capacity); the check is the backstop.
    await runner.query(`
      create table slot (
        id uuid primary key,
        ods_code text not null,
        service text not null,
        start_at timestamptz not null,
        end_at timestamptz not null,
        capacity int not null check (capacity >= 1),
        booked int not null default 0,
        created_at timestamptz not null default now(),
        check (end_at > start_at),
        check (booked between 0 and capacity)
      )`);
    await runner.query('create index slot_ods_code_start on slot (ods_code, start_at)');
    await runner.query(`
      create table appointment (
        id uuid primary key,
        patient_id uuid not null,
        slot_id uuid not null references slot (id),
        status text not null check (status in ('booked', 'cancelled', 'attended', 'missed')),
        booked_by text not null check (booked_by in ('patient', 'staff')),
        note text,
        cancelled_by text check (cancelled_by in ('patient', 'staff', 'system')),
        cancellation_reason text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((status = 'cancelled') = (cancelled_by is not null))
      )`);
    await runner.query('create index appointment_patient_id on appointment (patient_id)');
    await runner.query('create index appointment_slot_id on appointment (slot_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table appointment');
    await runner.query('drop table slot');
  }
}
