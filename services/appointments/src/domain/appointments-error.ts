import { DomainException } from '@care-events/domain-primitives';

export enum AppointmentsErrorCode {
  SlotNotFound = 'SLOT_NOT_FOUND',
  AppointmentNotFound = 'APPOINTMENT_NOT_FOUND',
  InvalidSlot = 'INVALID_SLOT',
  SlotInPast = 'SLOT_IN_PAST',
  SlotFull = 'SLOT_FULL',
  SameSlot = 'SAME_SLOT',
  NotBooked = 'APPOINTMENT_NOT_BOOKED',
  NotStarted = 'APPOINTMENT_NOT_STARTED',
}

export class AppointmentsException extends DomainException<AppointmentsErrorCode> {}

export function slotNotFound(id: string): never {
  throw new AppointmentsException(AppointmentsErrorCode.SlotNotFound, `no slot with id ${id}`, { slotId: id });
}

export function appointmentNotFound(id: string): never {
  throw new AppointmentsException(AppointmentsErrorCode.AppointmentNotFound, `no appointment with id ${id}`, { appointmentId: id });
}
