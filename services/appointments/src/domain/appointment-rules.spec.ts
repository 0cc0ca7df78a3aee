import { Slot } from './appointment';
import * as rules from './appointment-rules';
import { AppointmentsErrorCode } from './appointments-error';

const slot = (id: string, start: string): Slot => ({
  id, odsCode: 'A81001', service: 'GP appointment', start: new Date(start), end: new Date(Date.parse(start) + 600_000), capacity: 1, booked: 0,
});
const morning = slot('s-1', '2026-12-01T09:00:00Z');
const afternoon = slot('s-2', '2026-12-01T14:00:00Z');
const before = new Date('2026-11-30T12:00:00Z');
const after = new Date('2026-12-01T18:00:00Z');
const booked = rules.book({ id: 'a-1', patientId: 'p-1', bookedBy: 'patient', note: null }, morning, before);

describe('appointment rules', () => {
  it('books a future slot', () => {
    expect(booked).toEqual({
      id: 'a-1', patientId: 'p-1', slotId: 's-1', status: 'booked', bookedBy: 'patient', note: null, cancelledBy: null, cancellationReason: null,
    });
  });

  it('refuses to book a slot that has started', () => {
    expect(() => rules.book({ id: 'a-2', patientId: 'p-1', bookedBy: 'staff', note: null }, morning, after)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.SlotInPast }));
  });

  it('reschedules a booked appointment into another future slot only', () => {
    expect(rules.reschedule(booked, afternoon, before).slotId).toBe('s-2');
    expect(() => rules.reschedule(booked, morning, before)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.SameSlot }));
    expect(() => rules.reschedule(booked, afternoon, after)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.SlotInPast }));
  });

  it('cancels once, recording who and why', () => {
    const cancelled = rules.cancel(booked, { cancelledBy: 'staff', reason: 'clinic closed' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancellationReason: 'clinic closed' });
    expect(() => rules.cancel(cancelled, { cancelledBy: 'patient', reason: 'again' })).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.NotBooked }));
    expect(() => rules.reschedule(cancelled, afternoon, before)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.NotBooked }));
  });

  it('records attendance only once the appointment has started, and only once', () => {
    expect(() => rules.recordOutcome(booked, morning, 'attended', before)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.NotStarted }));
    const attended = rules.recordOutcome(booked, morning, 'attended', after);
    expect(attended.status).toBe('attended');
    expect(() => rules.recordOutcome(attended, morning, 'missed', after)).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.NotBooked }));
    expect(() => rules.cancel(attended, { cancelledBy: 'staff', reason: 'late' })).toThrow(expect.objectContaining({ code: AppointmentsErrorCode.NotBooked }));
  });

  it('counts only booked appointments still ahead as upcoming', () => {
    expect(rules.isUpcoming(booked, morning, before)).toBe(true);
    expect(rules.isUpcoming(booked, morning, after)).toBe(false);
    expect(rules.isUpcoming(rules.cancel(booked, { cancelledBy: 'patient', reason: 'x' }), morning, before)).toBe(false);
  });
});
