import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CareRecordPart, CareRecordSource } from '../domain/care-record-sources';

/** One source's part of a patient's care record; the view care_record puts a patient's parts together. */
@Entity('care_record_part')
export class CareRecordPartEntity {
  @PrimaryColumn({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @PrimaryColumn({ type: 'text' })
  source!: CareRecordSource;

  @Column({ type: 'jsonb' })
  document!: CareRecordPart;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;

  /** Set on the identity part only: how a record is found by NHS number. */
  @Column({ name: 'nhs_number', type: 'text', nullable: true })
  nhsNumber!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
