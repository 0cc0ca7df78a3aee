import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('care_patient')
export class CarePatientEntity {
  @PrimaryColumn({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ type: 'boolean' })
  registered!: boolean;

  @Column({ type: 'boolean' })
  sensitive!: boolean;

  @Column({ type: 'boolean' })
  deceased!: boolean;

  @Column({ name: 'surviving_patient_id', type: 'uuid', nullable: true })
  survivingPatientId!: string | null;

  @Column({ name: 'registered_gp_ods_code', type: 'text', nullable: true })
  registeredGpOdsCode!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
