import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CodedConcept, Practitioner } from '../domain/clinical-types';
import type { Encounter, EncounterSetting } from '../domain/encounter';

@Entity('encounter')
export class EncounterEntity implements Encounter {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'text' })
  setting!: EncounterSetting;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  reason!: CodedConcept | null;

  @Column({ type: 'jsonb', nullable: true })
  practitioner!: Practitioner | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
