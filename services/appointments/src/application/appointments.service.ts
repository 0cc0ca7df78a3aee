import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Principal } from '@care-events/auth';
import { PatientAccessService } from '@care-events/patient-access';
import { Outcome } from '@care-events/patient-commands';
import { PatientViewCommands, PatientWrite } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
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
 * Booking and what follows it. Each command locks the patient (an appointment's owner for a change
 * to it), applies the domain rule, moves places in slots with conditional statements and saves the
 * appointment with its event, in one transaction.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly commands: PatientViewCommands,
    private readonly appointments: AppointmentRepository,
    private readonly slots: SlotRepository,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  /** A patient books only for themselves; staff and systems for anyone. */
  async book(booking: Omit<rules.Booking, 'id'>, slotId: string, caller: Principal, context: CommandContext): Promise<BookedAppointment> {
    await this.access.assertMayWriteFor(caller, booking.patientId);
    const id = randomUUID();
    const now = this.clock.now();
    return this.commands.handle({
      lock: { patientId: booking.patientId, refuseDeceased: true },
      load: (manager) => this.slotOf(manager, slotId),
      decide: (slot) => outcome({ appointment: rules.book({ ...booking, id }, slot, now), slot }, { kind: 'booked' }, context, now),
      save: async (manager, { result }) => {
        await this.takePlace(manager, result.slot);
        await this.appointments.insert(manager, result.appointment);
      },
    });
  }

  reschedule(id: string, slotId: string, context: CommandContext): Promise<BookedAppointment> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ...this.ownerOf(id), refuseDeceased: true },
      load: async (manager) => {
        const current = await this.load(manager, id);
        return { current, previousSlot: await this.slotOf(manager, current.slotId), slot: await this.slotOf(manager, slotId) };
      },
      decide: ({ current, previousSlot, slot }) =>
        outcome({ appointment: rules.reschedule(current, slot, now), slot }, { kind: 'rescheduled', previousSlot }, context, now),
      save: async (manager, { result }, { previousSlot, slot }) => {
        await this.movePlace(manager, previousSlot, slot);
        await this.appointments.update(manager, result.appointment);
      },
    });
  }

  /** A patient cancels only their own appointment; an unknown one is left to the command's 404. */
  async cancel(id: string, cancellation: Cancellation, caller: Principal, context: CommandContext): Promise<BookedAppointment> {
    const appointment = await this.appointments.findById(id);
    if (appointment) await this.access.assertMayWriteFor(caller, appointment.patientId);
    const now = this.clock.now();
    return this.commands.handle({
      lock: this.ownerOf(id),
      load: (manager) => this.placed(manager, id),
      decide: ({ appointment, slot }) =>
        outcome({ appointment: rules.cancel(appointment, cancellation), slot }, { kind: 'cancelled', ...cancellation }, context, now),
      save: async (manager, { result }) => {
        await this.slots.freePlace(manager, result.slot.id);
        await this.appointments.update(manager, result.appointment);
      },
    });
  }

  recordOutcome(id: string, attendance: 'attended' | 'missed', context: CommandContext): Promise<BookedAppointment> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: this.ownerOf(id),
      load: (manager) => this.placed(manager, id),
      decide: ({ appointment, slot }) =>
        outcome({ appointment: rules.recordOutcome(appointment, slot, attendance, now), slot }, { kind: attendance }, context, now),
      save: (manager, { result }) => this.appointments.update(manager, result.appointment),
    });
  }

  async get(id: string, reader: Reader): Promise<BookedAppointment> {
    const appointment = (await this.appointments.findById(id)) ?? appointmentNotFound(id);
    await this.access.authorizeReadOf(reader, appointment.patientId, 'appointments:appointment');
    return { appointment, slot: (await this.slots.findById(appointment.slotId)) ?? slotNotFound(appointment.slotId) };
  }

  async listForPatient(patientId: string, reader: Reader): Promise<BookedAppointment[]> {
    await this.access.authorizeReadOf(reader, patientId, 'appointments:list');
    const appointments = await this.appointments.findByPatient(patientId);
    const slots = await this.slots.findByIds([...new Set(appointments.map((appointment) => appointment.slotId))]);
    return appointments.map((appointment) => ({ appointment, slot: slots.get(appointment.slotId) ?? slotNotFound(appointment.slotId) }));
  }

  /** A change to an appointment locks its patient; the appointment is then read as it now stands. */
  private ownerOf(id: string): PatientWrite {
    return { ownerOf: async (manager) => (await this.appointments.findById(id, manager))?.patientId ?? null };
  }

  private async load(manager: EntityManager, id: string): Promise<Appointment> {
    return (await this.appointments.findById(id, manager)) ?? appointmentNotFound(id);
  }

  private async placed(manager: EntityManager, id: string): Promise<BookedAppointment> {
    const appointment = await this.load(manager, id);
    return { appointment, slot: await this.slotOf(manager, appointment.slotId) };
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
}

function outcome(booked: BookedAppointment, change: AppointmentChange, context: CommandContext, now: Date): Outcome<BookedAppointment> {
  return { result: booked, events: [appointmentEvent(booked.appointment, booked.slot, change, context, now)] };
}
