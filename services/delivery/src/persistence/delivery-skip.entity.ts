import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EndpointActor } from '../domain/endpoint';
import { bigintNumber } from './bigint-number';

/** An operator's decision to move an endpoint past numbers it could not deliver: the record of what was never sent. */
@Entity('delivery_skip')
export class DeliverySkipEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ name: 'event_number', type: 'bigint', transformer: bigintNumber })
  eventNumber!: number;

  @Column({ name: 'through_number', type: 'bigint', transformer: bigintNumber })
  throughNumber!: number;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ name: 'blocked_reason', type: 'text' })
  blockedReason!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  actor!: EndpointActor;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
