import { Answer, ClinicalServiceHarness, eventually } from '@care-events/local-platform';
import { AppointmentsModule } from '../src/appointments.module';
import { eventType, eventValue, openSlot, TOPIC } from './appointments-fixtures';

const BOOKED = 'care.events.appointments.AppointmentBooked';

/** Many patients booking the same slot at once: the database hands out exactly `capacity` places. */
describe('concurrent bookings of one slot', () => {
  let harness: ClinicalServiceHarness;
  let patients: string[];

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('appointments', AppointmentsModule, { topic: TOPIC });
    patients = await knownPatients(50);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  // Registers a few at a time, then waits on one query for all, not one poll per patient.
  const knownPatients = async (count: number, batch = 10): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += batch) {
      ids.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => harness.identity.register()))));
    }
    await eventually(`${count} patients known`, async () => {
      const { rows } = await harness.db.query(`select count(*)::int as known from known_patient where patient_id = any($1) and status = 'active'`, [ids]);
      return rows[0].known === count;
    });
    return ids;
  };
  const bookAll = (slotId: string, patientIds: string[]): Promise<Answer[]> =>
    Promise.all(patientIds.map((patientId) => harness.call('POST', '/appointments', { slotId, patientId, bookedBy: 'patient' })));
  const placesTaken = async (slotId: string) => {
    const { rows } = await harness.db.query('select booked, (select count(*)::int from appointment where slot_id = $1) as appointments from slot where id = $1', [slotId]);
    return rows[0];
  };
  const bookedEventsOutboxed = async (slotId: string) =>
    Number((await harness.db.query(`select count(*) from outbox_message where event_type = $1 and payload->>'slotId' = $2`, [BOOKED, slotId])).rows[0].count);

  it('gives a one-place slot to exactly one of 50 patients and tells the others it is full', async () => {
    const slot = await openSlot(harness, { capacity: 1 });
    const answers = await bookAll(slot.id, patients);

    const winners = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(winners).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ error: 'SLOT_FULL', message: `slot ${slot.id} is fully booked (capacity 1)`, slotId: slot.id, capacity: 1 });
    }
    expect(await placesTaken(slot.id)).toEqual({ booked: 1, appointments: 1 });
    expect(await bookedEventsOutboxed(slot.id)).toBe(1);

    const [published] = await harness.tap.waitFor((m) => eventType(m) === BOOKED && eventValue(m).slotId === slot.id);
    expect(published.key).toBe(winners[0].body.patientId);
    expect(eventValue(published).appointmentId).toBe(winners[0].body.id);
    expect(harness.tap.messages.filter((m) => eventType(m) === BOOKED && eventValue(m).slotId === slot.id)).toHaveLength(1);
  });

  it('gives a three-place slot to exactly three of 20 patients', async () => {
    const slot = await openSlot(harness, { capacity: 3 });
    const answers = await bookAll(slot.id, patients.slice(0, 20));

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409 && answer.body.error === 'SLOT_FULL')).toHaveLength(17);
    expect(await placesTaken(slot.id)).toEqual({ booked: 3, appointments: 3 });
    expect(await bookedEventsOutboxed(slot.id)).toBe(3);
    await harness.tap.waitFor((m) => eventType(m) === BOOKED && eventValue(m).slotId === slot.id, 3);
  });
});
