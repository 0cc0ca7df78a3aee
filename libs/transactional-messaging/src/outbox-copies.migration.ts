import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row may hold a message to forward unchanged: the value bytes and headers of an event
 * another service published, sent on to another topic as they are (a care setting's copy). Null
 * on every row the relay encodes itself.
 */
export class OutboxCopies1767000000000 implements MigrationInterface {
  name = 'OutboxCopies1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table outbox_message add column raw_value bytea, add column raw_headers jsonb');
    await runner.query(`alter table outbox_message add constraint outbox_message_raw_complete
      check ((raw_value is null) = (raw_headers is null))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table outbox_message drop constraint outbox_message_raw_complete');
    await runner.query('alter table outbox_message drop column raw_headers, drop column raw_value');
  }
}
