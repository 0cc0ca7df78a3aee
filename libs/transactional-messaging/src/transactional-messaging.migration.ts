import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events waiting to be published) and the inbox (events already handled, per
 * consumer group). Every service database runs this migration beside its own.
 */
export class TransactionalMessaging1732600000000 implements MigrationInterface {
  name = 'TransactionalMessaging1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table outbox_message (
        id bigint generated always as identity primary key,
        event_id uuid not null unique,
        event_type text not null,
        topic text not null,
        message_key text not null,
        payload jsonb not null,
        occurred_at timestamptz not null,
        trace_context jsonb not null default '{}',
        created_at timestamptz not null default now(),
        sent_at timestamptz
      )`);
    await runner.query(`create index outbox_message_unsent on outbox_message (id) where sent_at is null`);
    await runner.query(`create index outbox_message_sent_at on outbox_message (sent_at) where sent_at is not null`);
    // One notification per inserting statement wakes the relay; the payload is empty on purpose.
    await runner.query(`
      create function outbox_message_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('outbox_message', ''); return null; end $$`);
    await runner.query(`
      create trigger outbox_message_inserted after insert on outbox_message
      for each statement execute function outbox_message_notify()`);
    await runner.query(`
      create table inbox_message (
        consumer_group text not null,
        event_id uuid not null,
        event_type text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer_group, event_id)
      )`);
    await runner.query(`create index inbox_message_processed_at on inbox_message (processed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table inbox_message');
    await runner.query('drop trigger outbox_message_inserted on outbox_message');
    await runner.query('drop function outbox_message_notify');
    await runner.query('drop table outbox_message');
  }
}
