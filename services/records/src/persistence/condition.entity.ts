import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CodedConcept, Practitioner } from '../domain/clinical-types';
import type { Condition, ConditionStatus } from '../domain/condition';

@Entity('condition')
export class ConditionEntity implements Condition {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'jsonb' })
  code!: CodedConcept;

  @Column({ name: 'onset_date', type: 'date', nullable: true })
  onsetDate!: string | null;

  @Column({ name: 'clinical_status', type: 'text' })
  clinicalStatus!: ConditionStatus;

  @Column({ name: 'recorded_by', type: 'jsonb' })
  recordedBy!: Practitioner;

  @Column({ name: 'resolved_date', type: 'date', nullable: true })
  resolvedDate!: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
