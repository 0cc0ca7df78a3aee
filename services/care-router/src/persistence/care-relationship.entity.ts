import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EndReason, RelationshipActor, RelationshipKind } from '../domain/care-relationship';

@Entity('care_relationship')
export class CareRelationshipEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ type: 'text' })
  kind!: RelationshipKind;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: EndReason | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_by', type: 'jsonb', nullable: true })
  createdBy!: RelationshipActor | null;

  @Column({ name: 'ended_by', type: 'jsonb', nullable: true })
  endedBy!: RelationshipActor | null;
}
