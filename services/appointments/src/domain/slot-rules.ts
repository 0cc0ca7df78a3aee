import { Slot } from './appointment';
import { AppointmentsErrorCode, AppointmentsException } from './appointments-error';

export type NewSlot = Omit<Slot, 'booked'>;

/** A new slot has every place free; a period that ends before it starts is a caller's mistake (400). */
export function openSlot(input: NewSlot): Slot {
  if (input.end.getTime() <= input.start.getTime()) {
    throw new AppointmentsException(AppointmentsErrorCode.InvalidSlot, 'end: must be after start', { field: 'end' });
  }
  return { ...input, booked: 0 };
}

export const placesLeft = (slot: Slot): number => slot.capacity - slot.booked;

/** Only a slot that has not started yet takes bookings. */
export function assertBookable(slot: Slot, now: Date): void {
  if (slot.start.getTime() <= now.getTime()) {
    throw new AppointmentsException(
      AppointmentsErrorCode.SlotInPast,
      `slot ${slot.id} started at ${slot.start.toISOString()}: only a slot that has not started can be booked`,
      { slotId: slot.id },
    );
  }
}

export function slotFull(slot: Slot): AppointmentsException {
  return new AppointmentsException(AppointmentsErrorCode.SlotFull, `slot ${slot.id} is fully booked (capacity ${slot.capacity})`, {
    slotId: slot.id,
    capacity: slot.capacity,
  });
}
