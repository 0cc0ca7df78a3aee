import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { KnownPatient, KnownPatientStatus } from './known-patient';

@Entity('known_patient')
export class KnownPatientEntity implements KnownPatient {
  @PrimaryColumn({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'text' })
  status!: KnownPatientStatus;

  @Column({ name: 'date_of_death', type: 'date', nullable: true })
  dateOfDeath!: string | null;

  @Column({ name: 'surviving_patient_id', type: 'uuid', nullable: true })
  survivingPatientId!: string | null;

  @Column({ name: 'nhs_number', type: 'text', nullable: true })
  nhsNumber!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
