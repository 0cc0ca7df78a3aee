import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One read of a patient's data, from audit.access.v1 (any service's). */
@Entity('access_log_entry')
export class AccessLogEntryEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'accessed_at', type: 'timestamptz' })
  accessedAt!: Date;

  @Column({ name: 'accessor_kind', type: 'text' })
  accessorKind!: string;

  @Column({ name: 'accessor_id', type: 'text' })
  accessorId!: string;

  @Column({ name: 'accessor_role', type: 'text', nullable: true })
  accessorRole!: string | null;

  @Column({ name: 'accessor_ods_code', type: 'text', nullable: true })
  accessorOdsCode!: string | null;

  @Column({ type: 'text' })
  what!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ name: 'break_glass', type: 'boolean' })
  breakGlass!: boolean;

  @Column({ name: 'break_glass_reason', type: 'text', nullable: true })
  breakGlassReason!: string | null;

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'denial_reason', type: 'text', nullable: true })
  denialReason!: string | null;

  @Column({ type: 'text' })
  service!: string;
}
