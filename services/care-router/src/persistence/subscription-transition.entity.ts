import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SubscriptionAction, SubscriptionActor, SubscriptionStatus } from '../domain/subscription';

/** The audit trail of a subscription: every change of status, who made it and when. */
@Entity('subscription_transition')
export class SubscriptionTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ type: 'text' })
  action!: SubscriptionAction | 'request';

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: SubscriptionStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: SubscriptionStatus;

  @Column({ type: 'jsonb' })
  actor!: SubscriptionActor;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** Copies a resume delivered or an end discarded. */
  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, number>;
}
