import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Address, ContactDetails, Gender, PatientStatus, PersonName } from '../domain/patient';

@Entity('patient')
export class PatientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'nhs_number', type: 'char', length: 10 })
  nhsNumber!: string;

  @Column({ type: 'jsonb' })
  name!: PersonName;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ type: 'text' })
  gender!: Gender;

  @Column({ type: 'jsonb', nullable: true })
  address!: Address | null;

  @Column({ type: 'jsonb', nullable: true })
  contact!: ContactDetails | null;

  @Column({ name: 'registered_gp_ods_code', type: 'text' })
  registeredGpOdsCode!: string;

  @Column({ name: 'nominated_pharmacy_ods_code', type: 'text', nullable: true })
  nominatedPharmacyOdsCode!: string | null;

  @Column({ type: 'boolean' })
  sensitive!: boolean;

  @Column({ type: 'text' })
  status!: PatientStatus;

  @Column({ name: 'date_of_death', type: 'date', nullable: true })
  dateOfDeath!: string | null;

  @Column({ name: 'surviving_patient_id', type: 'uuid', nullable: true })
  survivingPatientId!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
