import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Quantity } from '../domain/medication';

@Entity('dispensation')
export class DispensationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'medication_id', type: 'uuid' })
  medicationId!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'pharmacy_ods_code', type: 'text' })
  pharmacyOdsCode!: string;

  @Column({ type: 'jsonb' })
  quantity!: Quantity;

  @Column({ name: 'dispensed_at', type: 'timestamptz' })
  dispensedAt!: Date;
}
