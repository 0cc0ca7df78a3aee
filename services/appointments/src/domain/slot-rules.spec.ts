import { AppointmentsErrorCode } from './appointments-error';
import { assertBookable, openSlot, placesLeft, slotFull } from './slot-rules';

const start = new Date('2026-12-01T09:00:00Z');
const input = { id: 's-1', odsCode: 'A81001', service: 'Phlebotomy', start, end: new Date('2026-12-01T09:10:00Z'), capacity: 3 };

describe('slot rules', () => {
  it('opens a slot with every place free', () => {
    const slot = openSlot(input);
    expect(slot.booked).toBe(0);
    expect(placesLeft(slot)).toBe(3);
  });

  it('refuses a slot that ends before or when it starts, naming end', () => {
    expect(() => openSlot({ ...input, end: start })).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.InvalidSlot }));
    expect(() => openSlot({ ...input, end: new Date('2026-12-01T08:00:00Z') })).toThrow('end: must be after start');
  });

  it('takes bookings only before the slot starts', () => {
    const slot = openSlot(input);
    expect(() => assertBookable(slot, new Date('2026-12-01T08:59:59Z'))).not.toThrow();
    expect(() => assertBookable(slot, start)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.SlotInPast }));
  });

  it('says which slot is full and its capacity', () => {
    const error = slotFull({ ...openSlot(input), booked: 3 });
    expect(error.code).toBe(AppointmentsErrorCode.SlotFull);
    expect(error.message).toBe('slot s-1 is fully booked (capacity 3)');
  });
});
