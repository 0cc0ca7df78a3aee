import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubscriptions1767000002000 implements MigrationInterface {
  name = 'CreateSubscriptions1767000002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table care_subscription (
        id uuid primary key,
        ods_code text not null,
        setting_type text not null check (setting_type in ('GP_PRACTICE', 'AMBULANCE_SERVICE', 'HOSPITAL', 'PHARMACY', 'OTHER')),
        event_types text[] not null check (cardinality(event_types) > 0),
        status text not null check (status in ('REQUESTED', 'ACTIVE', 'PAUSED', 'ENDED')),
        topic text not null,
        last_event_number bigint not null default 0 check (last_event_number >= 0),
        requested_at timestamptz not null,
        requested_by jsonb not null,
        activated_at timestamptz,
        activated_by jsonb,
        paused_at timestamptz,
        paused_by jsonb,
        resumed_at timestamptz,
        resumed_by jsonb,
        ended_at timestamptz,
        ended_by jsonb
      )`);
    // One subscription per care setting at a time; an ended one leaves room for the next.
    await runner.query(`create unique index care_subscription_one_per_setting on care_subscription (ods_code) where status <> 'ENDED'`);
    await runner.query(`
      create table subscription_transition (
        id bigint generated always as identity primary key,
        subscription_id uuid not null references care_subscription (id),
        action text not null,
        from_status text,
        to_status text not null,
        actor jsonb not null,
        at timestamptz not null,
        details jsonb not null default '{}'
      )`);
    await runner.query(`create index subscription_transition_subscription on subscription_transition (subscription_id, id)`);
    await runner.query(`
      create table paused_copy (
        subscription_id uuid not null references care_subscription (id),
        event_number bigint not null,
        outbox_event_id uuid not null unique,
        event_id uuid not null,
        event_type text not null,
        topic text not null,
        message_key text not null,
        value bytea not null,
        headers jsonb not null,
        occurred_at timestamptz not null,
        primary key (subscription_id, event_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table paused_copy');
    await runner.query('drop table subscription_transition');
    await runner.query('drop table care_subscription');
  }
}
