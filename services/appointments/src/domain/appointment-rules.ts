import { Appointment, BookedBy, Cancellation, Slot } from './appointment';
import { AppointmentsErrorCode, AppointmentsException } from './appointments-error';
import { assertBookable } from './slot-rules';

export interface Booking {
  id: string;
  patientId: string;
  bookedBy: BookedBy;
  note: string | null;
}

/** Books a place in a future slot. Whether a place is left is the database's call, not this one's. */
export function book(booking: Booking, slot: Slot, now: Date): Appointment {
  assertBookable(slot, now);
  return { ...booking, slotId: slot.id, status: 'booked', cancelledBy: null, cancellationReason: null };
}

export function reschedule(appointment: Appointment, target: Slot, now: Date): Appointment {
  assertBooked(appointment, 'rescheduled');
  if (target.id === appointment.slotId) {
    throw new AppointmentsException(AppointmentsErrorCode.SameSlot, `appointment ${appointment.id} is already in slot ${target.id}`);
  }
  assertBookable(target, now);
  return { ...appointment, slotId: target.id };
}

export function cancel(appointment: Appointment, { cancelledBy, reason }: Cancellation): Appointment {
  assertBooked(appointment, 'cancelled');
  return { ...appointment, status: 'cancelled', cancelledBy, cancellationReason: reason };
}

/** Attendance is known only once the appointment has started. */
export function recordOutcome(appointment: Appointment, slot: Slot, outcome: 'attended' | 'missed', now: Date): Appointment {
  assertBooked(appointment, `marked ${outcome}`);
  if (slot.start.getTime() > now.getTime()) {
    throw new AppointmentsException(
      AppointmentsErrorCode.NotStarted,
      `appointment ${appointment.id} starts at ${slot.start.toISOString()}: it cannot be marked ${outcome} before it starts`,
    );
  }
  return { ...appointment, status: outcome };
}

/** Whether a booked appointment is still ahead, and so cancelled when the patient dies. */
export const isUpcoming = (appointment: Appointment, slot: Slot, now: Date): boolean =>
  appointment.status === 'booked' && slot.start.getTime() > now.getTime();

function assertBooked(appointment: Appointment, action: string): void {
  if (appointment.status !== 'booked') {
    throw new AppointmentsException(
      AppointmentsErrorCode.NotBooked,
      `appointment ${appointment.id} is ${appointment.status}: only a booked appointment can be ${action}`,
      { status: appointment.status },
    );
  }
}
