/** A care setting's offer of `capacity` places for one service over one period. */
export interface Slot {
  id: string;
  odsCode: string;
  service: string;
  start: Date;
  end: Date;
  capacity: number;
  /** Places taken; the database keeps it between 0 and capacity. */
  booked: number;
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'attended' | 'missed';
export type BookedBy = 'patient' | 'staff';
export type CancelledBy = BookedBy | 'system';

/** One patient's place in one slot. */
export interface Appointment {
  id: string;
  patientId: string;
  slotId: string;
  status: AppointmentStatus;
  bookedBy: BookedBy;
  note: string | null;
  cancelledBy: CancelledBy | null;
  cancellationReason: string | null;
}

export interface Cancellation {
  cancelledBy: CancelledBy;
  reason: string;
}

/** What a command did to an appointment; each becomes one event. */
export type AppointmentChange =
  | { kind: 'booked' }
  | { kind: 'rescheduled'; previousSlot: Slot }
  | ({ kind: 'cancelled' } & Cancellation)
  | { kind: 'attended' }
  | { kind: 'missed' };
