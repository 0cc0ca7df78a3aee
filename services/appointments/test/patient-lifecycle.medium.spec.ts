import { IdentityEventType } from '@care-events/contracts';
import { ClinicalServiceHarness, publishEvent, serviceClock, ServiceClock } from '@care-events/local-platform';
import { AppointmentsModule } from '../src/appointments.module';
import { book, eventType, eventValue, inSeconds, openSlot, TOPIC } from './appointments-fixtures';

const TYPE = 'care.events.appointments';

/** Identity's deaths and merges, consumed from identity.patient.v1, acting on appointments. */
describe('appointments following identity', () => {
  let harness: ClinicalServiceHarness;
  let clock: ServiceClock;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('appointments', AppointmentsModule, { topic: TOPIC });
    clock = serviceClock(harness.service);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const outboxed = async (patientId: string, type: string) =>
    Number((await harness.db.query('select count(*) from outbox_message where message_key = $1 and event_type = $2', [patientId, `${TYPE}.${type}`])).rows[0].count);
  const statusOf = async (appointmentId: string) => (await harness.call('GET', `/appointments/${appointmentId}`)).body.status;

  it('cancels only future bookings when the patient dies, frees their places, and refuses new bookings', async () => {
    const patientId = await harness.newPatient();
    const future = await openSlot(harness, { capacity: 2 });
    const soonStart = inSeconds(60);
    const soon = await openSlot(harness, { start: soonStart, end: inSeconds(600) });
    const [ahead, behind] = [await book(harness, future.id, patientId), await book(harness, soon.id, patientId)];
    clock.advance(120_000); // the second booking has started: it is past, not ahead

    await harness.identity.recordDeath(patientId, new Date().toISOString().slice(0, 10));
    const [cancelled] = await harness.tap.waitFor((m) => m.key === patientId && eventType(m) === `${TYPE}.AppointmentCancelled`);
    expect(cancelled.headers.ce_source).toBe('/services/appointments');
    expect(eventValue(cancelled)).toMatchObject({
      metadata: { patientId, actor: { type: 'SYSTEM' }, causationId: expect.any(String) },
      appointmentId: ahead.id, slotId: future.id, start: Date.parse(future.start), cancelledBy: 'SYSTEM', reason: 'patient deceased',
    });
    expect(await outboxed(patientId, 'AppointmentCancelled')).toBe(1);
    expect([await statusOf(ahead.id), await statusOf(behind.id)]).toEqual(['cancelled', 'booked']);
    expect((await harness.call('GET', `/slots/${future.id}`)).body.booked).toBe(0);

    const again = await harness.call('POST', '/appointments', { slotId: future.id, patientId, bookedBy: 'staff' });
    expect(again).toMatchObject({ status: 409, body: { error: 'PATIENT_DECEASED', patientId } });
    const moved = await harness.call('POST', `/appointments/${behind.id}/reschedule`, { slotId: future.id });
    expect(moved).toMatchObject({ status: 409, body: { error: 'PATIENT_DECEASED' } });
    // What happened at an appointment before the death is still recorded.
    expect(await harness.call('POST', `/appointments/${behind.id}/attended`)).toMatchObject({ status: 200, body: { status: 'attended' } });
  });

  it('moves appointments to the surviving record on a merge and refuses bookings for the superseded one', async () => {
    const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
    const [first, second] = [await openSlot(harness), await openSlot(harness)];
    const moving = [await book(harness, first.id, superseded), await book(harness, second.id, superseded)];

    await harness.identity.merge(superseded, survivor);
    const [merged] = await harness.tap.waitFor((m) => m.key === survivor && eventType(m) === `${TYPE}.AppointmentsMerged`);
    expect(eventValue(merged)).toMatchObject({
      metadata: { patientId: survivor }, supersededPatientId: superseded, survivingPatientId: survivor,
      appointmentIds: moving.map((appointment) => appointment.id).sort(),
    });
    const listed = (await harness.call('GET', `/appointments?patientId=${survivor}`)).body;
    expect(listed.map((appointment: { id: string }) => appointment.id).sort()).toEqual(moving.map((appointment) => appointment.id).sort());

    const refused = await harness.call('POST', '/appointments', { slotId: (await openSlot(harness)).id, patientId: superseded, bookedBy: 'patient' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor } });
    expect(refused.body.message).toContain(survivor);

    // A moved appointment's later events follow it to the surviving record's key.
    const cancel = await harness.call('POST', `/appointments/${moving[0].id}/cancel`, { cancelledBy: 'staff', reason: 'Duplicate booking' });
    expect(cancel).toMatchObject({ status: 200, body: { patientId: survivor, status: 'cancelled' } });
    await harness.tap.waitFor((m) => m.key === survivor && eventType(m) === `${TYPE}.AppointmentCancelled`);
  });

  it('publishes no merge event when the superseded record had no appointments', async () => {
    const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
    await harness.identity.merge(superseded, survivor);
    await harness.untilPatientIs(superseded, 'superseded');
    expect(await outboxed(survivor, 'AppointmentsMerged')).toBe(0);
  });

  it('cancels the future bookings a merge brings to a survivor who has died, as the death did its own', async () => {
    const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
    const slot = await openSlot(harness);
    const booking = await book(harness, slot.id, superseded);
    await harness.identity.recordDeath(survivor, new Date().toISOString().slice(0, 10));
    await harness.untilPatientIs(survivor, 'deceased');

    await harness.identity.merge(superseded, survivor);
    await harness.untilPatientIs(superseded, 'superseded');

    expect(await statusOf(booking.id)).toBe('cancelled');
    expect((await harness.call('GET', `/slots/${slot.id}`)).body.booked).toBe(0);
    const [cancelled] = await harness.tap.waitFor((m) => eventType(m) === `${TYPE}.AppointmentCancelled` && eventValue(m).appointmentId === booking.id);
    expect(cancelled.key).toBe(survivor);
    expect(eventValue(cancelled)).toMatchObject({ metadata: { patientId: survivor, actor: { type: 'SYSTEM' } }, cancelledBy: 'SYSTEM', reason: 'patient deceased' });
  });

  it("moves a merge's bookings to the end of the chain, whichever of two chained merges is handled first", async () => {
    const [first, second, third] = [await harness.newPatient(), await harness.newPatient(), await harness.newPatient()];
    const booking = await book(harness, (await openSlot(harness)).id, first);
    // Identity merged first into second, then second into third; their partitions deliver the later merge first.
    await harness.identity.merge(second, third);
    await harness.untilPatientIs(second, 'superseded');
    await publishEvent(IdentityEventType.PatientRecordsMerged, first, { supersededPatientId: first, survivingPatientId: second });
    await harness.untilPatientIs(first, 'superseded');
    expect((await harness.call('GET', `/appointments/${booking.id}`)).body).toMatchObject({ patientId: third, status: 'booked' });
    const [merged] = await harness.tap.waitFor((m) => eventType(m) === `${TYPE}.AppointmentsMerged` && eventValue(m).supersededPatientId === first);
    expect(eventValue(merged)).toMatchObject({ metadata: { patientId: third }, survivingPatientId: third, appointmentIds: [booking.id] });

    // And in identity's own order, the later merge takes along what the earlier one brought.
    const fourth = await harness.newPatient();
    await harness.identity.merge(third, fourth);
    await harness.untilPatientIs(third, 'superseded');
    expect((await harness.call('GET', `/appointments/${booking.id}`)).body).toMatchObject({ patientId: fourth, status: 'booked' });
  });
});
