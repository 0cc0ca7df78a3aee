import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContentLevel, EndpointActor, EndpointFormat, EndpointStatus } from '../domain/endpoint';
import { bigintNumber } from './bigint-number';

/**
 * An HTTPS endpoint of a care setting and its position in the setting's feed. `cursorNumber` is the
 * last event number the receiver acknowledged; `leaseEpoch` and `controlVersion` fence the worker's
 * commits against another instance's worker and against API changes made meanwhile.
 */
@Entity('delivery_endpoint')
export class DeliveryEndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  format!: EndpointFormat;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  content!: ContentLevel | null;

  @Column({ type: 'text' })
  status!: EndpointStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'cursor_number', type: 'bigint', transformer: bigintNumber })
  cursorNumber!: number;

  @Column({ name: 'cursor_offset', type: 'bigint', nullable: true, transformer: bigintNumber })
  cursorOffset!: number | null;

  @Column({ name: 'last_seen_number', type: 'bigint', transformer: bigintNumber })
  lastSeenNumber!: number;

  @Column({ name: 'blocked_number', type: 'bigint', nullable: true, transformer: bigintNumber })
  blockedNumber!: number | null;

  @Column({ name: 'blocked_reason', type: 'text', nullable: true })
  blockedReason!: string | null;

  @Column({ name: 'blocked_since', type: 'timestamptz', nullable: true })
  blockedSince!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'heartbeat_period_seconds', type: 'int', default: 300 })
  heartbeatPeriodSeconds!: number;

  @Column({ name: 'timeout_seconds', type: 'int', default: 15 })
  timeoutSeconds!: number;

  @Column({ name: 'max_events_per_notification', type: 'int', default: 1 })
  maxEventsPerNotification!: number;

  @Column({ name: 'rate_limit_per_second', type: 'int', default: 100 })
  rateLimitPerSecond!: number;

  /** `{name: value}` extra request headers, sealed (secret-box). */
  @Column({ name: 'request_headers_ciphertext', type: 'bytea', nullable: true })
  requestHeadersCiphertext!: Buffer | null;

  /** `{certificatePem, privateKeyPem, caPem?}`, sealed (secret-box). */
  @Column({ name: 'client_tls_ciphertext', type: 'bytea', nullable: true })
  clientTlsCiphertext!: Buffer | null;

  @Column({ name: 'last_notification_at', type: 'timestamptz', nullable: true })
  lastNotificationAt!: Date | null;

  @Column({ name: 'last_delivered_at', type: 'timestamptz', nullable: true })
  lastDeliveredAt!: Date | null;

  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'lease_epoch', type: 'bigint', default: 0, transformer: bigintNumber })
  leaseEpoch!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: EndpointActor;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped by every API change; a worker's commit that names an older one misses and reloads. */
  @Column({ name: 'control_version', type: 'bigint', default: 0, transformer: bigintNumber })
  controlVersion!: number;
}
