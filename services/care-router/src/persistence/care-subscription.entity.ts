import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SettingType, SubscriptionActor, SubscriptionStatus } from '../domain/subscription';

/** A care setting's subscription; `last_event_number` is the number of its latest copy (0 before the first). */
@Entity('care_subscription')
export class CareSubscriptionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ name: 'setting_type', type: 'text' })
  settingType!: SettingType;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'text' })
  status!: SubscriptionStatus;

  @Column({ type: 'text' })
  topic!: string;

  // bigint arrives as a string from node-postgres.
  @Column({ name: 'last_event_number', type: 'bigint' })
  lastEventNumber!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'requested_by', type: 'jsonb' })
  requestedBy!: SubscriptionActor;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'activated_by', type: 'jsonb', nullable: true })
  activatedBy!: SubscriptionActor | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'paused_by', type: 'jsonb', nullable: true })
  pausedBy!: SubscriptionActor | null;

  @Column({ name: 'resumed_at', type: 'timestamptz', nullable: true })
  resumedAt!: Date | null;

  @Column({ name: 'resumed_by', type: 'jsonb', nullable: true })
  resumedBy!: SubscriptionActor | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'jsonb', nullable: true })
  endedBy!: SubscriptionActor | null;
}
