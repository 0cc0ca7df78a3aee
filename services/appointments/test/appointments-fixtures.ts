import { Client } from 'pg';
import {
  eventually, IdentityClient, ServiceProcess, ServiceUnderTest, startServiceProcess, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { AppointmentsModule } from '../src/appointments.module';

export const TOPIC = 'appointments.appointment.v1';

// Response and event bodies are checked field by field in the tests; their static type adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** The appointments service on the real platform, identity beside it as its own process, and a tap on the topic. */
export interface Harness {
  service: ServiceUnderTest;
  identity: ServiceProcess;
  patients: IdentityClient;
  tap: TopicTap;
  db: Client;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [service, identity, tap] = await Promise.all([startServiceUnderTest('appointments', AppointmentsModule), startServiceProcess('identity'), tapTopics([TOPIC])]);
  const db = new Client({ connectionString: service.database.url });
  await db.connect();
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-actor-type': 'PRACTITIONER', 'x-actor-id': 'G8123456', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const stop = async () => {
    await db.end();
    await Promise.all([tap.stop(), service.stop(), identity.stop()]);
  };
  return { service, identity, patients: new IdentityClient(identity.url), tap, db, call, stop };
}

/** Registers patients through identity, a few at a time, and waits until this service knows them all. */
export async function knownPatients(harness: Harness, count: number, batch = 10): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += batch) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => harness.patients.register()))));
  }
  await eventually(`${count} patients known`, async () => {
    const { rows } = await harness.db.query(`select count(*)::int as known from known_patient where patient_id = any($1) and status = 'active'`, [ids]);
    return rows[0].known === count;
  });
  return ids;
}

export const knownPatient = async (harness: Harness) => (await knownPatients(harness, 1))[0];

/** An instant `seconds` from now, as the API takes it. */
export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();

export async function openSlot(harness: Harness, fields: Record<string, unknown> = {}): Promise<Json> {
  const answer = await harness.call('POST', '/slots', {
    odsCode: 'A81001', service: 'GP appointment', start: inSeconds(86_400), end: inSeconds(86_400 + 600), capacity: 1, ...fields,
  });
  if (answer.status !== 201) throw new Error(`POST /slots answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function book(harness: Harness, slotId: string, patientId: string): Promise<Json> {
  const answer = await harness.call('POST', '/appointments', { slotId, patientId, bookedBy: 'patient' });
  if (answer.status !== 201) throw new Error(`POST /appointments answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const eventType = (message: TappedMessage) => message.headers.ce_type;
export const eventValue = (message: TappedMessage): Json => (message.decoded as { value: unknown }).value;

/** Waits until a start instant has passed, so the appointment counts as started. */
export const passed = (instant: string) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(instant) - Date.now() + 50)));
