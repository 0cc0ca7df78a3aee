import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Appointment } from '../domain/appointment';
import { AppointmentEntity } from './appointment.entity';

/** Appointments in PostgreSQL. Writes run in the caller's transaction, under the patient's lock. */
@Injectable()
export class AppointmentRepository {
  constructor(@InjectRepository(AppointmentEntity) private readonly appointments: Repository<AppointmentEntity>) {}

  async findById(id: string, manager = this.appointments.manager): Promise<Appointment | null> {
    const row = await manager.getRepository(AppointmentEntity).findOneBy({ id });
    return row && toAppointment(row);
  }

  async findByPatient(patientId: string): Promise<Appointment[]> {
    const rows = await this.appointments.find({ where: { patientId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toAppointment);
  }

  async bookedOf(manager: EntityManager, patientId: string): Promise<Appointment[]> {
    const rows = await manager.getRepository(AppointmentEntity).find({ where: { patientId, status: 'booked' }, order: { slotId: 'ASC' } });
    return rows.map(toAppointment);
  }

  async insert(manager: EntityManager, appointment: Appointment): Promise<void> {
    await manager.getRepository(AppointmentEntity).insert(appointment);
  }

  async update(manager: EntityManager, { id, ...fields }: Appointment): Promise<void> {
    await manager.getRepository(AppointmentEntity).update({ id }, fields);
  }

  /** Moves every appointment of one patient to another; gives the ids that moved. */
  async moveToPatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<string[]> {
    const result = await manager.createQueryBuilder().update(AppointmentEntity)
      .set({ patientId: toPatientId })
      .where('patient_id = :fromPatientId', { fromPatientId })
      .returning('id')
      .execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id).sort();
  }
}

function toAppointment({ id, patientId, slotId, status, bookedBy, note, cancelledBy, cancellationReason }: AppointmentEntity): Appointment {
  return { id, patientId, slotId, status, bookedBy, note, cancelledBy, cancellationReason };
}
