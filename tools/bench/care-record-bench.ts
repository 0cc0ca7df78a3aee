/**
 * The shared care record on the real platform: identity, records and care-record each as its own
 * process (as `npm start` runs them), each with a throwaway database and a consumer group starting
 * at the current end of every topic.
 *   9. open loop: allergies POSTed to records at a fixed arrival rate; latency from each HTTP answer
 *      to the first read of care-record's care_record table (its own connection, from this client)
 *      that holds the allergy, and, to tell the relay's share from the consumer's, to the event's
 *      arrival at a separate consumer of records.clinical.v1;
 *  10. open loop: GET /patients/{id}/care-record by a GP whose practice has a care relationship with
 *      the patient, at a fixed arrival rate: token verified, access decided, the audit event
 *      committed, then the record returned;
 *  11. rebuild: care-record stopped, `rebuildCareRecord` (the code of `npm run care-record:rebuild`)
 *      empties its projection and re-reads every event the bench left on its topics; events/s, and
 *      the bench patients' rebuilt records compared with the live ones.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import {
  asStaff, createThrowawayDatabase, declaredServices, groupAtTopicEnds, IdentityClient, ServiceProcess, startServiceProcess, tapTopics, ThrowawayDatabase,
} from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { rebuildCareRecord } from '../../services/care-record/src/rebuild/care-record-rebuild';
import { arrivalTimes } from './arrivals';
import { inPool, log, percentiles, Result, sleep, until } from './common';
import { openLoop, refusals } from './open-loop';

const PRACTICE = 'B86050';
const GP = { userId: 'G8123456', odsCode: PRACTICE, role: 'clinician' as const };
// Substances taken in turn, so a patient's allergies differ.
const SUBSTANCES = [
  { conceptId: '764146007', term: 'Penicillin' },
  { conceptId: '372687004', term: 'Amoxicillin' },
  { conceptId: '387207008', term: 'Ibuprofen' },
  { conceptId: '256349002', term: 'Peanut' },
  { conceptId: '111088007', term: 'Latex' },
];
/** The pause between two reads of care_record while allergies wait to be seen. */
const POLL_PAUSE_MS = 2;
export const TARGET_VISIBLE_P99_MS = 100;
export const TARGET_READ_P99_MS = 50;
export const TARGET_REBUILD_EVENTS_PER_SECOND = 13_000;

export interface CareRecordBenchOptions {
  brokers: string[];
  /** Patients registered for the scenarios, all at one practice. */
  patients: number;
  /** Open-loop arrival rates (allergies, then reads per second) and how long each lasts. */
  rate: number;
  readRate: number;
  seconds: number;
  concurrency: number;
}

interface Running {
  service: ServiceProcess;
  database: ThrowawayDatabase;
  group: string;
  db: Client;
  up: boolean;
}

export async function careRecordScenarios(options: CareRecordBenchOptions): Promise<Result[]> {
  const topics = declaredServices().flatMap((service) => (service.publishes ? [service.publishes] : []));
  const running: Running[] = [];
  // Each service its own process, as deployed: none shares an event loop with the load it is given.
  const start = async (name: string): Promise<Running> => {
    const group = await groupAtTopicEnds(topics, `${name}-bench`, options.brokers.join(','));
    const database = await createThrowawayDatabase(name.replace(/-/g, '_'));
    const service = await startServiceProcess(name, { OUTBOX_POLL_INTERVAL_MS: '100', CONSUMER_GROUP: group, LOG_LEVEL: 'error' }, { database });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const started = { service, database, group, db, up: true };
    running.push(started);
    return started;
  };
  try {
    const identity = await start('identity');
    const records = await start('records');
    const careRecord = await start('care-record');
    const patients = await registerPatients(identity.service.url, records.db, careRecord.db, options);
    await relateToPractice(careRecord.db, patients);

    const visible = await allergyToCareRecord(records.service.url, careRecord.db, patients, options);
    const reads = await careRecordReads(careRecord, patients, options);
    const live = await documentsOf(careRecord.db, patients);
    // The rebuild runs alone: care-record stopped (its database kept), identity and records too.
    for (const { service } of running) await service.stop();
    running.forEach((entry) => (entry.up = false));
    const rebuild = await rebuilt(careRecord, patients, live);
    return [...visible, reads, rebuild];
  } finally {
    for (const { service, database, db, up } of running.reverse()) {
      await db.end().catch(() => undefined);
      if (up) await service.stop();
      await database.drop();
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function registerPatients(identityUrl: string, recordsDb: Client, careRecordDb: Client, options: CareRecordBenchOptions): Promise<string[]> {
  const t0 = performance.now();
  const registrar = new IdentityClient(identityUrl);
  const patients = await inPool(options.patients, options.concurrency, () => registrar.register({ registeredGpOdsCode: PRACTICE }));
  const count = async (db: Client, sql: string) => (await db.query(sql, [patients])).rows[0].n as number;
  await until(async () => (await count(recordsDb, `select count(*)::int as n from known_patient where patient_id = any($1) and status = 'active'`)) === patients.length,
    120_000, 'records knowing the patients', 200);
  await until(async () => (await count(careRecordDb, 'select count(*)::int as n from care_record where patient_id = any($1)')) === patients.length,
    120_000, 'care-record holding the patients', 200);
  log(`care-record: ${patients.length} patients registered at ${PRACTICE}, known to records and care-record after ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return patients;
}

/**
 * The practice's care relationship with each patient, written straight into care-record's
 * projection of care-router.relationship.v1 as a CareRelationshipStarted would leave it, so that
 * the care-router need not run.
 */
async function relateToPractice(db: Client, patients: string[]): Promise<void> {
  await db.query(
    `insert into known_care_relationship (relationship_id, patient_id, ods_code, ends_at, ended)
     select id, patient_id, $3, null, false from unnest($1::uuid[], $2::uuid[]) as t (id, patient_id)`,
    [patients.map(() => randomUUID()), patients, PRACTICE],
  );
}

// ---------------------------------------------------------------------------------------------
// 9. API answer -> change visible in the care record

async function allergyToCareRecord(recordsUrl: string, careRecordDb: Client, patients: string[], options: CareRecordBenchOptions): Promise<Result[]> {
  const headers = { 'content-type': 'application/json', ...(await asStaff(GP)) };
  const body = (i: number) => JSON.stringify({
    patientId: patients[i % patients.length], substance: SUBSTANCES[Math.floor(i / patients.length) % SUBSTANCES.length],
    severity: 'moderate', criticality: 'low', verificationStatus: 'confirmed', recordedBy: { practitionerId: GP.userId, odsCode: PRACTICE },
  });
  const post = (i: number) => fetch(`${recordsUrl}/allergies`, { method: 'POST', headers, body: body(i) });
  const tap = await tapTopics(['records.clinical.v1'], options.brokers.join(','));
  const published = publishedAllergies(tap);
  const watch = new VisibilityWatch(careRecordDb);
  const watching = watch.run();
  try {
    // Warm-up: the relay, the registry lookups and care-record's consumer, as the other open loops do.
    for (let i = 0; i < 20; i++) {
      const response = await post(i);
      if (response.status !== 201) throw new Error(`warm-up allergy answered ${response.status}: ${await response.text()}`);
      watch.expect(((await response.json()) as { id: string }).id, patients[i % patients.length], performance.now());
    }
    await until(() => watch.pending.size === 0, 60_000, 'warm-up allergies in the care record', 20);
    watch.reset();
    const answered = new Map<string, number>();

    const total = options.rate * options.seconds;
    log(`care-record: open loop, ${total} allergies at ${options.rate}/s`);
    const run = await openLoop(total, options.rate, (i) => post(20 + i), async (i, response, answeredAt) => {
      const { id } = (await response.json()) as { id: string };
      answered.set(id, answeredAt);
      watch.expect(id, patients[(20 + i) % patients.length], answeredAt);
    });
    const { begin, httpLatencies } = run;
    await until(() => watch.pending.size === 0, 120_000, 'allergies in the care record', 20);
    await until(() => [...answered.keys()].every((id) => published.has(id)), 60_000, 'allergies on records.clinical.v1', 20);
    const seconds = (performance.now() - begin) / 1000;
    const onTopic = [...answered].map(([id, at]) => (published.get(id) as number) - at);
    const cycle = percentiles(watch.cycles);
    const outcome = `errors: ${refusals(run)} (of ${total}); every accepted allergy seen in care_record; ` +
      `visible = the first read of care_record (own connection, this client) holding it, after the answer: reads every ${cycle.p50.toFixed(1)} ms ` +
      `(p99 ${cycle.p99.toFixed(1)} ms) while allergies wait, so each figure includes up to one such cycle`;
    return [
      { scenario: `open loop ${options.rate}/s: records HTTP`, count: total, seconds, perSecond: total / seconds, latencies: percentiles(httpLatencies), outcome },
      { scenario: `open loop ${options.rate}/s: answer -> on Kafka`, count: onTopic.length, seconds, perSecond: onTopic.length / seconds, latencies: percentiles(onTopic) },
      { scenario: `open loop ${options.rate}/s: answer -> care record`, count: watch.latencies.length, seconds, perSecond: watch.latencies.length / seconds, latencies: percentiles(watch.latencies) },
    ];
  } finally {
    watch.stop();
    await watching;
    await tap.stop().catch(() => undefined);
  }
}

/** When each allergy's AllergyRecorded reached the separate consumer, by allergy id. */
function publishedAllergies(tap: TopicTap): Map<string, number> {
  return arrivalTimes(tap, (item) => ('value' in item.decoded ? (item.decoded.value as { allergyId?: string }).allergyId ?? null : null));
}

/**
 * Reads care-record's table while allergies are waiting to be seen: only the rows of their
 * patients, only the allergy ids. An allergy counts as visible when a read that began after its
 * HTTP answer returns it.
 */
class VisibilityWatch {
  readonly pending = new Map<string, { patientId: string; answeredAt: number }>();
  latencies: number[] = [];
  cycles: number[] = [];
  private stopped = false;

  constructor(private readonly db: Client) {}

  expect(allergyId: string, patientId: string, answeredAt: number): void {
    this.pending.set(allergyId, { patientId, answeredAt });
  }

  reset(): void {
    this.latencies = [];
    this.cycles = [];
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    let last = performance.now();
    while (!this.stopped) {
      if (this.pending.size === 0) {
        await sleep(1);
        last = performance.now();
        continue;
      }
      const asked = [...this.pending];
      const patients = [...new Set(asked.map(([, { patientId }]) => patientId))];
      const { rows } = await this.db.query(
        `select patient_id, jsonb_path_query_array(document, '$.allergies[*].allergyId') as ids from care_record where patient_id = any($1::uuid[])`,
        [patients],
      );
      const seenAt = performance.now();
      const seen = new Set<string>(rows.flatMap((row) => row.ids as string[]));
      for (const [allergyId, { answeredAt }] of asked) {
        if (!seen.has(allergyId)) continue;
        this.latencies.push(seenAt - answeredAt);
        this.pending.delete(allergyId);
      }
      this.cycles.push(seenAt - last);
      last = seenAt;
      await sleep(POLL_PAUSE_MS);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 10. Care-record reads with authentication and audit

async function careRecordReads(careRecord: Running, patients: string[], options: CareRecordBenchOptions): Promise<Result> {
  const headers = await asStaff(GP);
  const read = (i: number) => fetch(`${careRecord.service.url}/patients/${patients[i % patients.length]}/care-record`, { headers });
  const audited = async () => (await careRecord.db.query(`select count(*)::int as n from outbox_message where event_type = 'care.events.audit.PatientDataAccessed'`)).rows[0].n as number;
  for (let i = 0; i < 20; i++) {
    const response = await read(i);
    if (response.status !== 200) throw new Error(`warm-up read answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  }
  const auditedBefore = await audited();
  const total = options.readRate * options.seconds;
  log(`care-record: open loop, ${total} care-record reads at ${options.readRate}/s`);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const failures = new Map<string, number>();
  let bytes = 0;
  const begin = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / options.readRate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      read(i).then(
        async (response) => {
          bytes += (await response.arrayBuffer()).byteLength;
          latencies.push(performance.now() - due);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        },
        (error: Error) => {
          const why = (error.cause as Error | undefined)?.message ?? error.message;
          failures.set(why, (failures.get(why) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - begin) / 1000;
  const auditEvents = (await audited()) - auditedBefore;
  const ok = statuses.get(200) ?? 0;
  const others = [...[...statuses].filter(([status]) => status !== 200), ...failures].map(([what, n]) => `${n} × ${what}`);
  const outcome = `${ok} of ${total} answered 200 (${others.join(', ') || 'no other'}), ` +
    `${auditEvents} audit events committed in its outbox, ${Math.round(bytes / Math.max(1, ok))} bytes per record; latency from the scheduled time to the whole body`;
  // Each read that reached the access decision is audited, allowed or not; one that failed before it returned nothing.
  const decided = ok + (statuses.get(403) ?? 0);
  if (auditEvents !== decided) throw new Error(`care-record reads: ${decided} reads answered 200 or 403 but ${auditEvents} audit events; ${outcome}`);
  return { scenario: `open loop ${options.readRate}/s: care-record read`, count: total, seconds, perSecond: total / seconds, latencies: percentiles(latencies), outcome };
}

// ---------------------------------------------------------------------------------------------
// 11. Rebuild from the topics

async function documentsOf(db: Client, patients: string[]): Promise<Map<string, unknown>> {
  const { rows } = await db.query('select patient_id, document from care_record where patient_id = any($1)', [patients]);
  return new Map(rows.map((row) => [row.patient_id as string, row.document]));
}

async function rebuilt(careRecord: Running, patients: string[], live: Map<string, unknown>): Promise<Result> {
  let lastLog = 0;
  // The command's own figure includes starting and stopping the service; the steady rate leaves both out.
  let first: { at: number; applied: number } | undefined;
  let doneAt = 0;
  const result = await rebuildCareRecord(
    {
      started: (total) => log(`care-record: rebuilding from ${total.toLocaleString('en-GB')} events on its topics`),
      progressed: (applied, total) => {
        const now = performance.now();
        if (!first && applied > 0) first = { at: now, applied };
        if (applied >= total && !doneAt) doneAt = now;
        if (now - lastLog < 5_000) return;
        lastLog = now;
        log(`care-record: rebuild ${applied.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')}`);
      },
    },
    { CARE_RECORD_DATABASE_URL: careRecord.database.url, CONSUMER_GROUP: careRecord.group },
  );
  const after = await documentsOf(careRecord.db, patients);
  const differing = patients.filter((patientId) => !isDeepStrictEqual(after.get(patientId), live.get(patientId))).length;
  const steady = first && doneAt > first.at ? Math.round((result.events - first.applied) / ((doneAt - first.at) / 1000)) : NaN;
  const outcome = `${result.events.toLocaleString('en-GB')} events re-read in ${result.seconds.toFixed(2)} s with the service's start and stop ` +
    `(${Number.isFinite(steady) ? steady.toLocaleString('en-GB') : '-'} events/s between the first progress report with events applied and the last, polled every 250 ms); ` +
    `the bench's ${patients.length} patients' rebuilt records ` + (differing === 0 ? 'equal the live ones' : `DIFFER from the live ones for ${differing}`);
  log(`care-record: ${outcome}`);
  return { scenario: 'care-record rebuild', count: result.events, seconds: result.seconds, perSecond: result.eventsPerSecond, outcome };
}
