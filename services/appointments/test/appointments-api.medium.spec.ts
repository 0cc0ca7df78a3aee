import { asPatient, asStaff, ClinicalServiceHarness, serviceClock, ServiceClock } from '@care-events/local-platform';
import { AppointmentsModule } from '../src/appointments.module';
import { book, eventType, eventValue, inSeconds, openSlot, TOPIC } from './appointments-fixtures';

const TYPE = 'care.events.appointments';

describe('appointments service on the real broker, registry and PostgreSQL', () => {
  let harness: ClinicalServiceHarness;
  let clock: ServiceClock;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('appointments', AppointmentsModule, { topic: TOPIC });
    clock = serviceClock(harness.service);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const eventsOf = (patientId: string, type: string, count = 1) =>
    harness.tap.waitFor((m) => m.key === patientId && eventType(m) === `${TYPE}.${type}`, count);

  it('publishes a slot and lists it while it has places left', async () => {
    const start = inSeconds(3_600);
    const slot = await openSlot(harness, { odsCode: 'rx9', service: ' Phlebotomy ', start, end: inSeconds(3_900), capacity: 1 });
    expect(slot).toMatchObject({ odsCode: 'RX9', service: 'Phlebotomy', start, capacity: 1, booked: 0, placesLeft: 1 });
    expect((await harness.call('GET', `/slots/${slot.id}`)).body).toEqual(slot);

    const search = `/slots?odsCode=RX9&from=${encodeURIComponent(inSeconds(0))}&to=${encodeURIComponent(inSeconds(7_200))}`;
    expect((await harness.call('GET', search)).body.map((s: { id: string }) => s.id)).toEqual([slot.id]);
    await book(harness, slot.id, await harness.newPatient());
    expect((await harness.call('GET', search)).body).toEqual([]);
    expect((await harness.call('GET', `/slots/${slot.id}`)).body).toMatchObject({ booked: 1, placesLeft: 0 });
  });

  it('refuses bad slots with 400 naming each field, and writes nothing', async () => {
    const before = await harness.count('slot');
    const backwards = await harness.call('POST', '/slots', { odsCode: 'A81001', service: 'GP appointment', start: inSeconds(600), end: inSeconds(300), capacity: 1 });
    expect(backwards).toMatchObject({ status: 400, body: { error: 'INVALID_SLOT', message: ['end: must be after start'], field: 'end' } });
    const bad = await harness.call('POST', '/slots', { odsCode: 'A!', service: '', start: '2026-12-01T09:00', end: inSeconds(300), capacity: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([
      'odsCode: must be an ODS code of 3 to 8 letters and digits',
      'service: must not be blank',
      'start: must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z',
      'capacity: must not be less than 1',
    ]));
    expect(await harness.count('slot')).toBe(before);
    expect((await harness.call('GET', '/slots/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await harness.call('GET', '/slots/not-an-id')).body.message).toEqual(['id: must be a UUID']);
  });

  it('books a place and publishes AppointmentBooked keyed by the patient', async () => {
    const patientId = await harness.newPatient();
    const slot = await openSlot(harness, { odsCode: 'A81001', service: 'GP appointment' });
    const receptionist = await asStaff({ userId: 'G8123456', odsCode: 'A81001' });
    const answer = await harness.call('POST', '/appointments', { slotId: slot.id, patientId, bookedBy: 'staff', note: 'Interpreter needed' }, { ...receptionist, 'x-correlation-id': 'corr-book' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ patientId, slotId: slot.id, status: 'booked', bookedBy: 'staff', note: 'Interpreter needed', start: slot.start, end: slot.end });

    const [message] = await eventsOf(patientId, 'AppointmentBooked');
    expect(message.headers).toMatchObject({ ce_source: '/services/appointments', ce_subject: patientId, 'content-type': 'application/avro' });
    expect(eventValue(message)).toEqual({
      metadata: expect.objectContaining({ patientId, correlationId: 'corr-book', actor: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' } }),
      appointmentId: answer.body.id,
      slotId: slot.id,
      odsCode: 'A81001',
      service: 'GP appointment',
      start: Date.parse(slot.start),
      end: Date.parse(slot.end),
      bookedBy: 'STAFF',
    });
    expect((await harness.call('GET', `/appointments?patientId=${patientId}`)).body).toEqual([answer.body]);
    expect((await harness.call('GET', `/appointments/${answer.body.id}`)).body).toEqual(answer.body);
  });

  it('reschedules into another slot, moving the place, and publishes AppointmentRescheduled', async () => {
    const patientId = await harness.newPatient();
    const [first, second] = [await openSlot(harness), await openSlot(harness, { service: 'Phlebotomy', start: inSeconds(90_000), end: inSeconds(90_300) })];
    const appointment = await book(harness, first.id, patientId);
    const moved = await harness.call('POST', `/appointments/${appointment.id}/reschedule`, { slotId: second.id });
    expect(moved).toMatchObject({ status: 200, body: { id: appointment.id, slotId: second.id, service: 'Phlebotomy', status: 'booked' } });
    expect((await harness.call('GET', `/slots/${first.id}`)).body.booked).toBe(0);
    expect((await harness.call('GET', `/slots/${second.id}`)).body.booked).toBe(1);

    const [message] = await eventsOf(patientId, 'AppointmentRescheduled');
    expect(eventValue(message)).toMatchObject({
      appointmentId: appointment.id, previousSlotId: first.id, previousStart: Date.parse(first.start),
      slotId: second.id, odsCode: 'A81001', service: 'Phlebotomy', start: Date.parse(second.start), end: Date.parse(second.end),
    });
    const same = await harness.call('POST', `/appointments/${appointment.id}/reschedule`, { slotId: second.id });
    expect(same).toMatchObject({ status: 409, body: { error: 'SAME_SLOT' } });

    const full = await openSlot(harness);
    await book(harness, full.id, await harness.newPatient());
    const refused = await harness.call('POST', `/appointments/${appointment.id}/reschedule`, { slotId: full.id });
    expect(refused).toMatchObject({ status: 409, body: { error: 'SLOT_FULL', message: `slot ${full.id} is fully booked (capacity 1)` } });
    expect((await harness.call('GET', `/slots/${second.id}`)).body.booked).toBe(1);
    expect((await harness.call('GET', `/appointments/${appointment.id}`)).body.slotId).toBe(second.id);
  });

  it('cancels, freeing the place, publishes AppointmentCancelled, and refuses to cancel twice', async () => {
    const patientId = await harness.newPatient();
    const slot = await openSlot(harness);
    const appointment = await book(harness, slot.id, patientId);
    const cancelled = await harness.call('POST', `/appointments/${appointment.id}/cancel`, { cancelledBy: 'patient', reason: 'Feeling better' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancelledBy: 'patient', cancellationReason: 'Feeling better' } });
    expect((await harness.call('GET', `/slots/${slot.id}`)).body.booked).toBe(0);

    const [message] = await eventsOf(patientId, 'AppointmentCancelled');
    expect(eventValue(message)).toMatchObject({ appointmentId: appointment.id, slotId: slot.id, start: Date.parse(slot.start), cancelledBy: 'PATIENT', reason: 'Feeling better' });
    const again = await harness.call('POST', `/appointments/${appointment.id}/cancel`, { cancelledBy: 'staff', reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { error: 'APPOINTMENT_NOT_BOOKED', message: `appointment ${appointment.id} is cancelled: only a booked appointment can be cancelled` } });
    const moved = await harness.call('POST', `/appointments/${appointment.id}/reschedule`, { slotId: (await openSlot(harness)).id });
    expect(moved.status).toBe(409);
  });

  it('records attended and missed once the appointment has started, and not before', async () => {
    const patientId = await harness.newPatient();
    const start = inSeconds(60);
    const [early, late] = [await openSlot(harness, { start, end: inSeconds(600) }), await openSlot(harness, { start, end: inSeconds(600) })];
    const [attending, missing] = [await book(harness, early.id, patientId), await book(harness, late.id, patientId)];
    const tooSoon = await harness.call('POST', `/appointments/${attending.id}/attended`);
    expect(tooSoon).toMatchObject({ status: 409, body: { error: 'APPOINTMENT_NOT_STARTED' } });
    expect(tooSoon.body.message).toContain('cannot be marked attended before it starts');

    clock.advance(120_000); // the slots have started
    expect(await harness.call('POST', `/appointments/${attending.id}/attended`)).toMatchObject({ status: 200, body: { status: 'attended' } });
    expect(await harness.call('POST', `/appointments/${missing.id}/missed`)).toMatchObject({ status: 200, body: { status: 'missed' } });
    expect((await harness.call('POST', `/appointments/${missing.id}/attended`)).status).toBe(409);

    const [attended] = await eventsOf(patientId, 'AppointmentAttended');
    const [missed] = await eventsOf(patientId, 'AppointmentMissed');
    expect(eventValue(attended)).toMatchObject({ appointmentId: attending.id, slotId: early.id, start: Date.parse(start) });
    expect(eventValue(missed)).toMatchObject({ appointmentId: missing.id, slotId: late.id, start: Date.parse(start) });
    expect(typeNames(await harness.tap.waitFor((m) => m.key === patientId && m.topic === TOPIC, 4))).toEqual([
      'AppointmentBooked', 'AppointmentBooked', 'AppointmentAttended', 'AppointmentMissed',
    ]);
  });

  it('refuses bookings of unknown or started slots and for unknown patients; bad input writes nothing', async () => {
    const patientId = await harness.newPatient();
    const before = { appointments: await harness.count('appointment'), outbox: await harness.count('outbox_message') };
    const unknownSlot = await harness.call('POST', '/appointments', { slotId: '00000000-0000-4000-8000-000000000000', patientId, bookedBy: 'patient' });
    expect(unknownSlot).toMatchObject({ status: 404, body: { error: 'SLOT_NOT_FOUND' } });
    const started = await openSlot(harness, { start: inSeconds(-60), end: inSeconds(600) });
    expect(await harness.call('POST', '/appointments', { slotId: started.id, patientId, bookedBy: 'patient' })).toMatchObject({ status: 409, body: { error: 'SLOT_IN_PAST' } });
    const slot = await openSlot(harness);
    const stranger = await harness.call('POST', '/appointments', { slotId: slot.id, patientId: '00000000-0000-4000-8000-000000000001', bookedBy: 'patient' });
    expect(stranger).toMatchObject({ status: 404, body: { error: 'PATIENT_UNKNOWN' } });
    const bad = await harness.call('POST', '/appointments', { slotId: 'slot-1', patientId, bookedBy: 'nurse', note: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([
      'slotId: must be a slot id (UUID)', 'bookedBy: must be one of patient, staff', 'note: must be longer than or equal to 1 characters', 'extra: is not a known field',
    ]));
    const blankReason = await harness.call('POST', `/appointments/${(await book(harness, slot.id, patientId)).id}/cancel`, { cancelledBy: 'staff', reason: ' ' });
    expect(blankReason.body.message).toEqual(['reason: must not be blank']);
    expect({ appointments: await harness.count('appointment'), outbox: await harness.count('outbox_message') }).toEqual({
      appointments: before.appointments + 1, outbox: before.outbox + 1,
    });
  });

  it('lets a patient book and cancel their own appointments only, and read only their own', async () => {
    const [myNumber, theirNumber] = [harness.identity.newNhsNumber(), harness.identity.newNhsNumber()];
    const [mine, theirs] = [await harness.identity.register({ nhsNumber: myNumber }), await harness.identity.register({ nhsNumber: theirNumber })];
    await harness.untilPatientIs(mine, 'active');
    await harness.untilPatientIs(theirs, 'active');
    const me = await asPatient(myNumber);
    const slot = await openSlot(harness, { capacity: 3 });

    const booked = await harness.call('POST', '/appointments', { slotId: slot.id, patientId: mine, bookedBy: 'patient' }, me);
    expect(booked).toMatchObject({ status: 201, body: { patientId: mine, status: 'booked' } });
    const [event] = await eventsOf(mine, 'AppointmentBooked');
    expect(eventValue(event).metadata.actor).toEqual({ type: 'PATIENT', id: expect.any(String), odsCode: null });
    expect(await harness.call('POST', '/appointments', { slotId: slot.id, patientId: theirs, bookedBy: 'patient' }, me)).toMatchObject({
      status: 403, body: { message: 'a patient may change only their own record' },
    });

    const theirAppointment = await book(harness, slot.id, theirs);
    expect(await harness.call('POST', `/appointments/${theirAppointment.id}/cancel`, { cancelledBy: 'patient', reason: 'not me' }, me)).toMatchObject({ status: 403 });
    expect(await harness.call('POST', `/appointments/${booked.body.id}/reschedule`, { slotId: (await openSlot(harness)).id }, me)).toMatchObject({
      status: 403, body: { message: 'a patient may not make this change; it is made by staff or a system' },
    });
    expect(await harness.call('POST', `/appointments/${booked.body.id}/cancel`, { cancelledBy: 'patient', reason: 'Feeling better' }, me)).toMatchObject({
      status: 200, body: { status: 'cancelled' },
    });
    expect((await harness.call('GET', `/slots/${slot.id}`)).body.booked).toBe(1);

    expect(await harness.call('GET', `/appointments?patientId=${mine}`, undefined, me)).toMatchObject({ status: 200, body: [{ id: booked.body.id, status: 'cancelled' }] });
    expect(await harness.call('GET', `/appointments/${theirAppointment.id}`, undefined, me)).toMatchObject({ status: 403 });
    expect(await harness.call('GET', `/appointments?patientId=${theirs}`, undefined, await asStaff({ odsCode: 'B82002' }))).toMatchObject({ status: 403 });
  });

  it('serves its OpenAPI document and health', async () => {
    const openapi = (await harness.call('GET', '/openapi.json')).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/slots', '/slots/{id}', '/appointments', '/appointments/{id}/reschedule']));
    expect((await harness.call('GET', '/health/ready')).body.checks).toEqual({ database: 'up', kafka: 'up', schemaRegistry: 'up' });
  });
});

const typeNames = (messages: Array<{ headers: Record<string, string> }>) => messages.map((m) => m.headers.ce_type.split('.').pop());
