import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Concept } from '../domain/report';

@Entity('report')
export class ReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'test_code', type: 'jsonb' })
  testCode!: Concept;

  @Column({ name: 'performing_lab_ods_code', type: 'text' })
  performingLabOdsCode!: string;

  @Column({ name: 'requesting_ods_code', type: 'text' })
  requestingOdsCode!: string;

  @Column({ name: 'effective_at', type: 'timestamptz', nullable: true })
  effectiveAt!: Date | null;

  @Column({ name: 'current_version', type: 'int' })
  currentVersion!: number;

  @Column({ name: 'released_version', type: 'int', nullable: true })
  releasedVersion!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
