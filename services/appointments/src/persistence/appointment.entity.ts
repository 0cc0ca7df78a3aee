import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AppointmentStatus, BookedBy, CancelledBy } from '../domain/appointment';

@Entity('appointment')
export class AppointmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'slot_id', type: 'uuid' })
  slotId!: string;

  @Column({ type: 'text' })
  status!: AppointmentStatus;

  @Column({ name: 'booked_by', type: 'text' })
  bookedBy!: BookedBy;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy!: CancelledBy | null;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
