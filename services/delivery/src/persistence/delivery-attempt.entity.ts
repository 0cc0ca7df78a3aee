import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AttemptKind, AttemptOutcome } from '../domain/delivery-outcome';
import { bigintNumber } from './bigint-number';

/** One request to an endpoint (or one held build), readable by its care setting; `startedAt` is the service's clock. */
@Entity('delivery_attempt')
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @Column({ type: 'text' })
  kind!: AttemptKind;

  @Column({ name: 'event_number', type: 'bigint', nullable: true, transformer: bigintNumber })
  eventNumber!: number | null;

  @Column({ name: 'event_count', type: 'int' })
  eventCount!: number;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ name: 'kafka_offset', type: 'bigint', nullable: true, transformer: bigintNumber })
  kafkaOffset!: number | null;

  /** 1 for the first try of this number, counting up over retries. */
  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ type: 'text' })
  outcome!: AttemptOutcome;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ name: 'retry_after_ms', type: 'int', nullable: true })
  retryAfterMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
