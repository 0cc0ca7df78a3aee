/**
 * Two write paths that guard a rule, with identity feeding both services' patient views over Kafka:
 *   5. appointments: random patients booking random slots at once; the database must never overbook;
 *   6. medications: prescribing amoxicillin to patients of whom half have a penicillin-class allergy.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Type } from '@nestjs/common';
import { asStaff, groupAtTopicEnds, IdentityClient, ServiceUnderTest, startServiceUnderTest } from '@care-events/local-platform';
import { AppointmentsModule } from '../../services/appointments/src/appointments.module';
import { IdentityModule } from '../../services/identity/src/identity.module';
import { MedicationsModule } from '../../services/medications/src/medications.module';
import { inPool, log, percentiles, Result, until } from './common';

const IDENTITY_TOPIC = 'identity.patient.v1';
const ODS_CODE = 'A81001';
const PENICILLIN_CLASS = { conceptId: '764146007', term: 'Penicillin' };
const AMOXICILLIN = { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' };
const SLOT_MINUTES = 5;

export interface CareOptions {
  patients: number;
  slots: number;
  capacity: number;
  bookings: number;
  prescriptions: number;
  concurrency: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** A GP of the practice makes every call, with their token. */
async function post(url: string, body: unknown): Promise<Answer> {
  const headers = { 'content-type': 'application/json', ...(await asStaff({ userId: 'G8123456', odsCode: ODS_CODE, role: 'clinician' })) };
  const t0 = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body: answer, ms: performance.now() - t0 };
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

function measured(scenario: string, answers: Answer[], seconds: number, outcome: string): Result {
  return { scenario, count: answers.length, seconds, perSecond: answers.length / seconds, latencies: percentiles(answers.map((a) => a.ms)), outcome };
}

async function activePatients(db: Client, patientIds: string[]): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as known from known_patient where patient_id = any($1) and status = 'active'`, [patientIds]);
  return rows[0].known as number;
}

// ---------------------------------------------------------------------------------------------
// 5. Appointments booking under contention

async function bookingUnderContention(url: string, db: Client, patients: string[], options: CareOptions): Promise<Result> {
  const tomorrow = new Date();
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  tomorrow.setUTCHours(8, 0, 0, 0);
  const slotIds = await inPool(options.slots, options.concurrency, async (i) => {
    const start = tomorrow.getTime() + i * SLOT_MINUTES * 60_000;
    const answer = await post(`${url}/slots`, {
      odsCode: ODS_CODE, service: 'GP appointment', start: new Date(start).toISOString(), end: new Date(start + SLOT_MINUTES * 60_000).toISOString(), capacity: options.capacity,
    });
    if (answer.status !== 201) throw new Error(`POST /slots answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  });
  const places = options.slots * options.capacity;
  log(`appointments: ${options.slots} slots of ${options.capacity} opened, ${options.bookings} bookings with concurrency ${options.concurrency}`);

  const begin = performance.now();
  const answers = await inPool(options.bookings, options.concurrency, () =>
    post(`${url}/appointments`, { slotId: pick(slotIds), patientId: pick(patients), bookedBy: 'patient' }),
  );
  const seconds = (performance.now() - begin) / 1000;

  const booked = answers.filter((a) => a.status === 201).length;
  const full = answers.filter((a) => a.status === 409 && a.body.error === 'SLOT_FULL').length;
  const other = answers.filter((a) => a.status !== 201 && !(a.status === 409 && a.body.error === 'SLOT_FULL'));
  // The answers are only what the clients saw: the rows decide whether a slot was overbooked.
  const { rows } = await db.query(`
    select s.capacity, s.booked, count(a.id)::int as appointments
    from slot s left join appointment a on a.slot_id = s.id and a.status = 'booked'
    group by s.id`);
  const overCapacity = rows.filter((r) => r.appointments > r.capacity).length;
  const counterDrift = rows.filter((r) => r.booked !== r.appointments).length;
  const inDatabase = rows.reduce((sum, r) => sum + (r.appointments as number), 0);
  const outcome = `booked ${booked}, refused full ${full}, other ${other.length}, over capacity ${overCapacity} (${inDatabase} appointments in ${places} places)`;
  log(`appointments: ${outcome}`);

  const broken = [
    other.length > 0 && `${other.length} answers neither 201 nor SLOT_FULL, e.g. ${other[0].status} ${JSON.stringify(other[0].body)}`,
    overCapacity > 0 && `${overCapacity} slots hold more appointments than their capacity`,
    counterDrift > 0 && `${counterDrift} slots' booked counter differs from their appointments`,
    booked !== inDatabase && `${booked} answered 201 but ${inDatabase} appointments are booked`,
    inDatabase > Math.min(options.bookings, places) && `${inDatabase} appointments exceed min(bookings, places)`,
  ].filter(Boolean);
  if (broken.length) throw new Error(`appointments booking under contention: ${broken.join('; ')}`);
  return measured('appointments POST /appointments (HTTP)', answers, seconds, outcome);
}

// ---------------------------------------------------------------------------------------------
// 6. Medications prescribing with the allergy check

async function prescribingWithAllergyCheck(url: string, db: Client, patients: string[], options: CareOptions): Promise<Result> {
  // Written straight into medications' allergy view, as records' AllergyRecorded would leave it,
  // so that the records service need not run.
  const allergic = new Set(patients.filter((_, i) => i % 2 === 0));
  await db.query(
    `insert into patient_allergy (allergy_id, patient_id, substance_concept_id, substance_term)
     select allergy_id, patient_id, $3, $4 from unnest($1::uuid[], $2::uuid[]) as t (allergy_id, patient_id)`,
    [[...allergic].map(() => randomUUID()), [...allergic], PENICILLIN_CLASS.conceptId, PENICILLIN_CLASS.term],
  );
  log(`medications: ${allergic.size} of ${patients.length} patients allergic to ${PENICILLIN_CLASS.term}, ${options.prescriptions} prescriptions with concurrency ${options.concurrency}`);

  const patientOf = (i: number) => patients[i % patients.length];
  const begin = performance.now();
  const answers = await inPool(options.prescriptions, options.concurrency, (i) =>
    post(`${url}/medications`, {
      patientId: patientOf(i),
      medicine: AMOXICILLIN,
      dosageText: 'One capsule three times a day',
      route: 'oral',
      quantity: { value: 21, unit: '{capsule}' },
      courseType: 'acute',
      prescriber: { practitionerId: 'G8123456', odsCode: ODS_CODE },
    }),
  );
  const seconds = (performance.now() - begin) / 1000;

  const expected = (i: number) => (allergic.has(patientOf(i)) ? { status: 409, error: 'ALLERGY_CONFLICT' } : { status: 201, error: undefined });
  const wrong = answers.filter((a, i) => a.status !== expected(i).status || a.body.error !== expected(i).error);
  const refused = answers.filter((a) => a.status === 409).length;
  const prescribed = answers.filter((a) => a.status === 201).length;
  // A refusal must write nothing: only the 201s may have left a row.
  const { rows } = await db.query('select count(*)::int as saved from medication');
  const saved = rows[0].saved as number;
  const outcome = `prescribed ${prescribed}, refused ALLERGY_CONFLICT ${refused}, unexpected ${wrong.length}, rows saved ${saved}`;
  log(`medications: ${outcome}`);
  const broken = [
    wrong.length > 0 && `${wrong.length} answers not as expected, e.g. ${wrong[0].status} ${JSON.stringify(wrong[0].body)}`,
    saved !== prescribed && `${prescribed} answered 201 but ${saved} medications are saved`,
  ].filter(Boolean);
  if (broken.length) throw new Error(`medications allergy check: ${broken.join('; ')}`);
  return measured('medications POST /medications (HTTP)', answers, seconds, outcome);
}

// ---------------------------------------------------------------------------------------------

export async function careScenarios(brokers: string[], options: CareOptions): Promise<Result[]> {
  const services: ServiceUnderTest[] = [];
  const clients: Client[] = [];
  // One at a time: startServiceUnderTest swaps process.env while a service reads its settings.
  const start = async (name: string, module: Type<unknown>, env: Record<string, string> = {}) => {
    const service = await startServiceUnderTest(name, module, env);
    services.push(service);
    const db = new Client({ connectionString: service.database.url });
    clients.push(db);
    await db.connect();
    return { name, service, db };
  };
  try {
    const identity = await start('identity', IdentityModule, { OUTBOX_POLL_INTERVAL_MS: '100' });
    const appointments = await start('appointments', AppointmentsModule, { CONSUMER_GROUP: await groupAtTopicEnds([IDENTITY_TOPIC], 'appointments-bench', brokers.join(',')) });
    const medications = await start('medications', MedicationsModule, { CONSUMER_GROUP: await groupAtTopicEnds([IDENTITY_TOPIC], 'medications-bench', brokers.join(',')) });

    let t0 = performance.now();
    const registrar = new IdentityClient(identity.service.url);
    const patients = await inPool(options.patients, options.concurrency, () => registrar.register());
    log(`care: ${patients.length} patients registered in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    t0 = performance.now();
    await Promise.all(
      [appointments, medications].map(({ name, db }) =>
        until(async () => (await activePatients(db, patients)) === patients.length, 120_000, `${name} knowing the patients`, 200),
      ),
    );
    log(`care: appointments and medications know them all after ${((performance.now() - t0) / 1000).toFixed(2)} s`);

    return [
      await bookingUnderContention(appointments.service.url, appointments.db, patients, options),
      await prescribingWithAllergyCheck(medications.service.url, medications.db, patients, options),
    ];
  } finally {
    await Promise.all(clients.map((db) => db.end().catch(() => undefined)));
    for (const service of services.reverse()) await service.stop();
  }
}
