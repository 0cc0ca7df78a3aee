import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AllergyOverride, CourseType, Medicine, MedicationStatus, Prescriber, Quantity, Route } from '../domain/medication';

@Entity('medication')
export class MedicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'jsonb' })
  medicine!: Medicine;

  @Column({ name: 'dosage_text', type: 'text' })
  dosageText!: string;

  @Column({ type: 'text' })
  route!: Route;

  @Column({ type: 'jsonb' })
  quantity!: Quantity;

  @Column({ name: 'course_type', type: 'text' })
  courseType!: CourseType;

  @Column({ type: 'jsonb' })
  prescriber!: Prescriber;

  @Column({ name: 'allergy_override', type: 'jsonb', nullable: true })
  allergyOverride!: AllergyOverride | null;

  @Column({ type: 'text' })
  status!: MedicationStatus;

  @Column({ name: 'stop_reason', type: 'text', nullable: true })
  stopReason!: string | null;

  @Column({ name: 'prescribed_at', type: 'timestamptz' })
  prescribedAt!: Date;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
