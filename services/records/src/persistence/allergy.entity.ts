import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Allergy, AllergyCriticality, AllergyReaction, AllergySeverity, AllergyType, VerificationStatus } from '../domain/allergy';
import type { CodedConcept, Practitioner } from '../domain/clinical-types';

@Entity('allergy')
export class AllergyEntity implements Allergy {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'jsonb' })
  substance!: CodedConcept;

  @Column({ type: 'text' })
  type!: AllergyType;

  @Column({ type: 'jsonb', nullable: true })
  reaction!: AllergyReaction | null;

  @Column({ type: 'text' })
  severity!: AllergySeverity;

  @Column({ type: 'text' })
  criticality!: AllergyCriticality;

  @Column({ name: 'verification_status', type: 'text' })
  verificationStatus!: VerificationStatus;

  @Column({ name: 'recorded_by', type: 'jsonb' })
  recordedBy!: Practitioner;

  @Column({ name: 'onset_date', type: 'date', nullable: true })
  onsetDate!: string | null;

  @Column({ name: 'clinical_status', type: 'text', nullable: true })
  clinicalStatus!: 'active' | null;

  @Column({ name: 'entered_in_error_reason', type: 'text', nullable: true })
  enteredInErrorReason!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
