import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PatientDirectory, WriteOptions } from '@care-events/patient-view';
import { Clock, MessagingRuntime } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Appointment, AppointmentChange, Cancellation, Slot } from '../domain/appointment';
import * as rules from '../domain/appointment-rules';
import { appointmentNotFound, slotNotFound } from '../domain/appointments-error';
import { slotFull } from '../domain/slot-rules';
import { appointmentEvent } from '../events/appointment-events';
import { AppointmentRepository } from '../persistence/appointment.repository';
import { SlotRepository } from '../persistence/slot.repository';

export interface BookedAppointment {
  appointment: Appointment;
  slot: Slot;
}

/**
 * Runs each command in one transaction: lock the patient, apply the domain rule, move places in
 * slots with conditional statements, save the appointment and append its event to the outbox.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: PatientDirectory,
    private readonly appointments: AppointmentRepository,
    private readonly slots: SlotRepository,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  book(booking: Omit<rules.Booking, 'id'>, slotId: string, context: CommandContext): Promise<BookedAppointment> {
    return this.dataSource.transaction(async (manager) => {
      await this.directory.lockForWrite(manager, booking.patientId, { refuseDeceased: true });
      const slot = await this.slotOf(manager, slotId);
      const appointment = rules.book({ ...booking, id: randomUUID() }, slot, this.clock.now());
      await this.takePlace(manager, slot);
      await this.appointments.insert(manager, appointment);
      return this.publish(manager, appointment, slot, { kind: 'booked' }, context);
    });
  }

  reschedule(id: string, slotId: string, context: CommandContext): Promise<BookedAppointment> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockAppointment(manager, id, { refuseDeceased: true });
      const previousSlot = await this.slotOf(manager, current.slotId);
      const slot = await this.slotOf(manager, slotId);
      const moved = rules.reschedule(current, slot, this.clock.now());
      await this.movePlace(manager, previousSlot, slot);
      await this.appointments.update(manager, moved);
      return this.publish(manager, moved, slot, { kind: 'rescheduled', previousSlot }, context);
    });
  }

  cancel(id: string, cancellation: Cancellation, context: CommandContext): Promise<BookedAppointment> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockAppointment(manager, id);
      const cancelled = rules.cancel(current, cancellation);
      await this.slots.freePlace(manager, current.slotId);
      await this.appointments.update(manager, cancelled);
      return this.publish(manager, cancelled, await this.slotOf(manager, current.slotId), { kind: 'cancelled', ...cancellation }, context);
    });
  }

  recordOutcome(id: string, outcome: 'attended' | 'missed', context: CommandContext): Promise<BookedAppointment> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockAppointment(manager, id);
      const slot = await this.slotOf(manager, current.slotId);
      const recorded = rules.recordOutcome(current, slot, outcome, this.clock.now());
      await this.appointments.update(manager, recorded);
      return this.publish(manager, recorded, slot, { kind: outcome }, context);
    });
  }

  async get(id: string): Promise<BookedAppointment> {
    const appointment = (await this.appointments.findById(id)) ?? appointmentNotFound(id);
    return { appointment, slot: (await this.slots.findById(appointment.slotId)) ?? slotNotFound(appointment.slotId) };
  }

  async listForPatient(patientId: string): Promise<BookedAppointment[]> {
    const appointments = await this.appointments.findByPatient(patientId);
    const slots = await this.slots.findByIds([...new Set(appointments.map((appointment) => appointment.slotId))]);
    return appointments.map((appointment) => ({ appointment, slot: slots.get(appointment.slotId) ?? slotNotFound(appointment.slotId) }));
  }

  /** Locks the appointment's patient, then reads the appointment as it now stands. */
  private async lockAppointment(manager: EntityManager, id: string, options: WriteOptions = {}): Promise<Appointment> {
    const readOwner = async () => (await this.appointments.findById(id, manager))?.patientId ?? null;
    if ((await this.directory.lockOwnerOf(manager, readOwner, options)) === null) appointmentNotFound(id);
    return (await this.appointments.findById(id, manager)) ?? appointmentNotFound(id);
  }

  private async slotOf(manager: EntityManager, id: string): Promise<Slot> {
    return (await this.slots.findById(id, manager)) ?? slotNotFound(id);
  }

  private async takePlace(manager: EntityManager, slot: Slot): Promise<void> {
    if (!(await this.slots.takePlace(manager, slot.id))) throw slotFull(slot);
  }

  /** Slot rows are updated in id order, so that two moves in opposite directions cannot deadlock. */
  private async movePlace(manager: EntityManager, from: Slot, to: Slot): Promise<void> {
    if (to.id < from.id) await this.takePlace(manager, to);
    await this.slots.freePlace(manager, from.id);
    if (to.id > from.id) await this.takePlace(manager, to);
  }

  private async publish(manager: EntityManager, appointment: Appointment, slot: Slot, change: AppointmentChange, context: CommandContext) {
    await this.messaging.outbox.append(manager, [appointmentEvent(appointment, slot, change, context, this.clock.now())]);
    return { appointment, slot };
  }
}
