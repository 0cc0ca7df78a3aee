import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A copy numbered while its subscription was paused, kept until the subscription resumes. */
@Entity('paused_copy')
export class PausedCopyEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @PrimaryColumn({ name: 'event_number', type: 'bigint' })
  eventNumber!: string;

  @Column({ name: 'outbox_event_id', type: 'uuid' })
  outboxEventId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ type: 'bytea' })
  value!: Buffer;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
