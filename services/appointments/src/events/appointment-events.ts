import {
  AppointmentAttended, AppointmentBooked, AppointmentCancelled, AppointmentMissed, AppointmentRescheduled, AppointmentsEventType,
  AppointmentsMerged, BookedBy, CancelledBy,
} from '@care-events/contracts';
import { PatientMerge } from '@care-events/patient-view';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Appointment, AppointmentChange, Slot } from '../domain/appointment';

type Body<T> = Omit<T, 'metadata'>;

/** The event on appointments.appointment.v1 for one change to an appointment, keyed by its patient. */
export function appointmentEvent(appointment: Appointment, slot: Slot, change: AppointmentChange, context: CommandContext, now: Date): DomainEvent {
  const metadata = eventMetadata(context, appointment.patientId, now);
  const [type, body] = eventBody(appointment, slot, change);
  return { type, value: { metadata, ...body } };
}

/** One event listing every appointment a merge moved, on the surviving patient's key. */
export function appointmentsMergedEvent(merge: PatientMerge, appointmentIds: string[], context: CommandContext, now: Date): DomainEvent {
  const body: Body<AppointmentsMerged> = { ...merge, appointmentIds };
  return { type: AppointmentsEventType.AppointmentsMerged, value: { metadata: eventMetadata(context, merge.survivingPatientId, now), ...body } };
}

function eventBody(appointment: Appointment, slot: Slot, change: AppointmentChange): [string, object] {
  const ids = { appointmentId: appointment.id, slotId: slot.id };
  const where = { odsCode: slot.odsCode, service: slot.service, start: slot.start.getTime(), end: slot.end.getTime() };
  switch (change.kind) {
    case 'booked':
      return [AppointmentsEventType.AppointmentBooked, { ...ids, ...where, bookedBy: appointment.bookedBy.toUpperCase() as BookedBy } satisfies Body<AppointmentBooked>];
    case 'rescheduled':
      return [AppointmentsEventType.AppointmentRescheduled, {
        appointmentId: appointment.id,
        previousSlotId: change.previousSlot.id,
        previousStart: change.previousSlot.start.getTime(),
        slotId: slot.id,
        ...where,
      } satisfies Body<AppointmentRescheduled>];
    case 'cancelled':
      return [AppointmentsEventType.AppointmentCancelled, {
        ...ids,
        start: slot.start.getTime(),
        cancelledBy: change.cancelledBy.toUpperCase() as CancelledBy,
        reason: change.reason,
      } satisfies Body<AppointmentCancelled>];
    case 'attended':
      return [AppointmentsEventType.AppointmentAttended, { ...ids, start: slot.start.getTime() } satisfies Body<AppointmentAttended>];
    case 'missed':
      return [AppointmentsEventType.AppointmentMissed, { ...ids, start: slot.start.getTime() } satisfies Body<AppointmentMissed>];
  }
}
