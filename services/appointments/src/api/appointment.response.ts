import { BookedAppointment } from '../application/appointments.service';

/** An appointment with where and when it is, from its slot. */
export function appointmentResponse({ appointment, slot }: BookedAppointment) {
  return {
    id: appointment.id,
    patientId: appointment.patientId,
    status: appointment.status,
    slotId: slot.id,
    odsCode: slot.odsCode,
    service: slot.service,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    bookedBy: appointment.bookedBy,
    note: appointment.note,
    cancelledBy: appointment.cancelledBy,
    cancellationReason: appointment.cancellationReason,
  };
}
