import { Slot } from '../domain/appointment';
import { placesLeft } from '../domain/slot-rules';

export function slotResponse(slot: Slot) {
  return {
    id: slot.id,
    odsCode: slot.odsCode,
    service: slot.service,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    capacity: slot.capacity,
    booked: slot.booked,
    placesLeft: placesLeft(slot),
  };
}
