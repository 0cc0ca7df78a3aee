/**
 * A write endpoint of each clinical service at fixed arrival rates (open loop), the whole set of
 * services running as processes with their defaults: HTTP latency from each request's scheduled time,
 * and API answer -> event on the service's topic as a separate consumer sees it. Every request is for a
 * patient of its own, so the event's key (patientId) names the request it came from.
 */
import { Client } from 'pg';
import { asStaff, IdentityClient, ServiceProcess, startServiceProcess, tapTopics } from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { prescription } from '../../services/medications/test/medications-fixtures';
import { allergyBody } from '../../services/records/test/records-fixtures';
import { reportBody } from '../../services/results/test/results-fixtures';
import { arrivalTimes } from './arrivals';
import { inPool, log, percentiles, Result, sleep, until } from './common';
import { openLoop, refusals } from './open-loop';

export interface ClinicalWriteBenchOptions {
  brokers: string[];
  rates: number[];
  seconds: number;
}

interface ClinicalWrite {
  service: string;
  topic: string;
  path: string;
  body(patientId: string, index: number): unknown;
}

/** Bookings spread round-robin over slots of this many places: booking one slot serialises on its row, as it must. */
const SLOT_CAPACITY = 10;
/** Writes one after another before a service is measured, for patients of their own (the last ones). */
const WARM_UP = 20;

export async function clinicalWriteScenarios(options: ClinicalWriteBenchOptions): Promise<Result[]> {
  const names = ['records', 'medications', 'appointments', 'results'];
  const identity = await startServiceProcess('identity', { LOG_LEVEL: 'error' });
  const services = new Map<string, ServiceProcess>();
  const taps: TopicTap[] = [];
  try {
    for (const name of names) services.set(name, await startServiceProcess(name, { LOG_LEVEL: 'error' }));
    const perService = options.rates.reduce((sum, rate) => sum + rate * options.seconds, 0);
    const patients = await knownPatients(identity.url, [...services.values()], perService + WARM_UP);
    const slots = await openSlots((services.get('appointments') as ServiceProcess).url, Math.ceil((perService + WARM_UP) / SLOT_CAPACITY));
    const writes: ClinicalWrite[] = [
      { service: 'records', topic: 'records.clinical.v1', path: '/allergies', body: (patientId) => allergyBody(patientId) },
      { service: 'medications', topic: 'medications.medication.v1', path: '/medications', body: (patientId) => prescription(patientId) },
      { service: 'appointments', topic: 'appointments.appointment.v1', path: '/appointments', body: (patientId, i) => ({ slotId: slots[i % slots.length], patientId, bookedBy: 'patient' }) },
      { service: 'results', topic: 'results.report.v1', path: '/reports', body: (patientId) => reportBody(patientId) },
    ];
    const results: Result[] = [];
    for (const write of writes) {
      const tap = await tapTopics([write.topic], options.brokers.join(','));
      taps.push(tap);
      results.push(...(await sweep(write, (services.get(write.service) as ServiceProcess).url, arrivalTimes(tap), patients, options)));
    }
    return results;
  } finally {
    for (const tap of taps) await tap.stop().catch(() => undefined);
    for (const service of services.values()) await service.stop();
    await identity.stop();
  }
}

async function sweep(write: ClinicalWrite, url: string, arrivals: Map<string, number>, patients: string[], options: ClinicalWriteBenchOptions): Promise<Result[]> {
  const headers = { 'content-type': 'application/json', ...(await asStaff()) };
  const post = (patientId: string, i: number) => fetch(`${url}${write.path}`, { method: 'POST', headers, body: JSON.stringify(write.body(patientId, i)) });
  for (let i = patients.length - WARM_UP; i < patients.length; i++) {
    const response = await post(patients[i], i);
    if (response.status !== 201) throw new Error(`${write.service} warm-up POST ${write.path} answered ${response.status}: ${await response.text()}`);
  }
  const results: Result[] = [];
  let used = 0;
  for (const rate of options.rates) {
    const total = rate * options.seconds;
    const first = used;
    used += total;
    log(`${write.service}: open loop, ${total} POST ${write.path} at ${rate}/s`);
    const answered = new Map<string, number>();
    const run = await openLoop(
      total, rate,
      (i) => post(patients[first + i], first + i),
      (i, _, answeredAt) => void answered.set(patients[first + i], answeredAt),
    );
    const elapsed = (performance.now() - run.begin) / 1000;
    await until(() => [...answered.keys()].every((id) => arrivals.has(id)), 120_000, `${write.service} events of the ${rate}/s step`, 20).catch(() => undefined);
    const onKafka = [...answered].filter(([id]) => arrivals.has(id)).map(([id, at]) => (arrivals.get(id) as number) - at);
    const missing = answered.size - onKafka.length;
    const outcome = `accepted ${answered.size} of ${total}, errors: ${refusals(run)}; ${missing === 0 ? 'every accepted write reached Kafka' : `${missing} accepted writes NOT on Kafka within 120 s`}`;
    results.push(
      { scenario: `${write.service} ${rate}/s: HTTP`, count: total, seconds: elapsed, perSecond: answered.size / elapsed, latencies: percentiles(run.httpLatencies), outcome },
      { scenario: `${write.service} ${rate}/s: answer -> Kafka`, count: onKafka.length, seconds: elapsed, perSecond: onKafka.length / elapsed, latencies: percentiles(onKafka) },
    );
    await sleep(2_000);
  }
  return results;
}

/** `count` patients registered through identity, once every clinical service knows them. */
async function knownPatients(identityUrl: string, services: ServiceProcess[], count: number): Promise<string[]> {
  const t0 = performance.now();
  const registrar = new IdentityClient(identityUrl);
  const patients = await inPool(count, 16, () => registrar.register());
  for (const service of services) {
    const db = new Client({ connectionString: service.database.url });
    await db.connect();
    try {
      await until(async () => (await db.query(`select count(*)::int as n from known_patient where patient_id = any($1) and status = 'active'`, [patients])).rows[0].n === count,
        300_000, 'the clinical services knowing the patients', 250);
    } finally {
      await db.end();
    }
  }
  log(`clinical writes: ${count} patients registered and known to every clinical service after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return patients;
}

async function openSlots(appointmentsUrl: string, count: number): Promise<string[]> {
  const headers = { 'content-type': 'application/json', ...(await asStaff()) };
  const start = Date.now() + 86_400_000;
  return inPool(count, 4, async (i) => {
    const response = await fetch(`${appointmentsUrl}/slots`, {
      method: 'POST', headers,
      body: JSON.stringify({ odsCode: 'A81001', service: 'GP appointment', start: new Date(start + i * 600_000).toISOString(), end: new Date(start + (i + 1) * 600_000).toISOString(), capacity: SLOT_CAPACITY }),
    });
    if (response.status !== 201) throw new Error(`POST /slots answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  });
}
