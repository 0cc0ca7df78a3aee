import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EndpointActor, EndpointStatus } from '../domain/endpoint';
import { bigintNumber } from './bigint-number';

/** The audit trail of an endpoint: every change of status or cursor, who (null: the worker) and when. */
@Entity('endpoint_transition')
export class EndpointTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: EndpointStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: EndpointStatus;

  @Column({ name: 'from_cursor', type: 'bigint', nullable: true, transformer: bigintNumber })
  fromCursor!: number | null;

  @Column({ name: 'to_cursor', type: 'bigint', nullable: true, transformer: bigintNumber })
  toCursor!: number | null;

  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  actor!: EndpointActor | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
