/**
 * The analytics feed on the real platform, analytics as its own process with a bench recipient of its own:
 *   1. feed throughput: identity registrations (who the patients are) then a backlog of AllergyRecorded events,
 *      put on records.clinical.v1 at once; events/s from the first clinical send until a separate consumer has
 *      read every pseudonymised record on analytics.<recipient>.allergy.v1;
 *   2. added latency: AllergyRecorded events sent one by one at a fixed rate (open loop) onto the clinical topic;
 *      from each send's acknowledgement to its record reaching that consumer.
 * Records are matched to their source events through the analytics eventId (ce_id): an HMAC of the source
 * eventId with the recipient's key, which the bench holds (it gives the service the key) and the record
 * carries without identifying anyone. Both runs also verify: every record arrived, none of a patient off the
 * allow-list, no NHS number in any value.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { contractFor, IdentityEventType, RecordsEventType } from '@care-events/contracts';
import { asStaff, callService, nhsNumbers, ServiceProcess, startServiceProcess, tapTopics } from '@care-events/local-platform';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient, TappedMessage, toKafkaHeaders } from '@care-events/messaging';
import { provisionAnalyticsFeeds } from '@care-events/provisioning';
import { Pseudonymiser } from '../../services/analytics/src/domain/pseudonymiser';
import { arrivalTimes } from './arrivals';
import { cpuProfileSettings, log, percentiles, Result, sleep, until } from './common';
import { putOnTopic } from './identity-backlog';

export const TARGET_FEED_EVENTS_PER_SECOND = 10_000;
const PRACTICES = ['B86001', 'B86002', 'B86003'];
/** Patients registered but left off the allow-list: the gate must drop each of their records. */
const OFF_LIST_PATIENTS = 10;
const EVENTS_PER_OFF_LIST_PATIENT = 5;
const TYPE = RecordsEventType.AllergyRecorded;
const CLINICAL_TOPIC = contractFor(TYPE).topic;

export interface AnalyticsBenchOptions {
  brokers: string[];
  registryUrl: string;
  /** Clinical events of the backlog (patients on the allow-list), and the patients they are spread over. */
  events: number;
  patients: number;
  /** Open-loop arrival rate (events per second) and how long it lasts. */
  rate: number;
  seconds: number;
}

interface BenchPatient {
  patientId: string;
  nhsNumber: string;
}

interface Encoded {
  /** The eventId of the record the bench recipient should receive (the source eventId, keyed). */
  recordId: string;
  message: ProducedMessage;
}

export async function analyticsScenarios(options: AnalyticsBenchOptions): Promise<Result[]> {
  const recipient = `bench-${randomBytes(3).toString('hex')}`;
  const key = randomBytes(32);
  const keys = new Pseudonymiser(recipient, new Map([[1, key]]));
  const codec = new AvroCodec(new SchemaRegistryClient(options.registryUrl), () => undefined);
  const nextNhsNumber = nhsNumbers();
  const newPatient = (): BenchPatient => ({ patientId: randomUUID(), nhsNumber: nextNhsNumber() });
  const onList = Array.from({ length: options.patients }, newPatient);
  const offList = Array.from({ length: OFF_LIST_PATIENTS }, newPatient);
  const everyNhsNumber = new Set([...onList, ...offList].map((p) => p.nhsNumber));

  const declared = benchRecipient(recipient);
  // As provisioning does for the declared recipients: the topics, and each one's schema under <topic>-value.
  await provisionAnalyticsFeeds({ kafkaBrokers: options.brokers, registryUrl: options.registryUrl }, [declared]);
  const analytics = await startServiceProcess('analytics', {
    LOG_LEVEL: 'error',
    ANALYTICS_RECIPIENTS_FILE: recipientsFile(declared),
    ANALYTICS_KEYS: JSON.stringify({ [recipient]: { 1: key.toString('base64') } }),
    // ANALYTICS_CPU_PROF_DIR=<dir> profiles the service process (written when it stops): what bounds the feed.
    ...cpuProfileSettings('ANALYTICS_CPU_PROF_DIR'),
  });
  const db = new Client({ connectionString: analytics.database.url });
  await db.connect();
  // The tap reads the recipient's allergy topic as its sink would.
  const tap = await tapTopics([`analytics.${recipient}.allergy.v1`], options.brokers.join(','));
  const arrivals = arrivalTimes(tap, (message) => message.headers.ce_id ?? null);
  try {
    await registerAndAllow(options, analytics, db, [...onList, ...offList], onList, codec);
    const encode = (patient: BenchPatient) => allergyRecorded(codec, keys, patient);
    const throughput = await feedThroughput(options, db, tap, arrivals, everyNhsNumber, onList, offList, encode);
    const latency = await addedLatency(options, arrivals, onList, encode);
    return [throughput, latency];
  } finally {
    await tap.stop().catch(() => undefined);
    await db.end();
    await analytics.stop();
  }
}

/** One recipient of allergies, practice and year of birth, k = 5: the bench's patients share three practices and one year. */
function benchRecipient(name: string) {
  return {
    name, project: 'Benchmark of the feed', dataSharingAgreement: 'BENCH-ONLY', types: ['allergy'],
    fields: ['yearOfBirth', 'practiceOdsCode'], generalisation: { yearOfBirthBand: 1, postcode: 'district' }, k: 5,
    nationalDataOptOut: { applies: true },
  };
}

function recipientsFile(recipient: ReturnType<typeof benchRecipient>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'analytics-bench-')), 'recipients.json');
  writeFileSync(file, JSON.stringify({ recipients: [recipient] }));
  return file;
}

/**
 * Registrations on identity's topic, then, once analytics knows every patient, the allow-lists as the demo's
 * administrator loads them (checked now, so every registration was recorded before the check): the off-list
 * patients were checked and are absent, i.e. opted out.
 */
async function registerAndAllow(options: AnalyticsBenchOptions, analytics: ServiceProcess, db: Client, everyone: BenchPatient[], allowed: BenchPatient[], codec: AvroCodec): Promise<void> {
  const registrations = await Promise.all(everyone.map((patient, i) => registered(codec, patient, PRACTICES[i % PRACTICES.length])));
  await putOnTopic(options.brokers, registrations);
  await until(async () => (await db.query('select count(*)::int as n from analytics_patient')).rows[0].n >= everyone.length, 120_000, 'analytics knowing the bench patients', 200);
  const admin = await asStaff({ userId: 'ADM0001', odsCode: 'X26', role: 'administrator' });
  const checkedAt = new Date().toISOString();
  for (const kind of ['national', 'type1']) {
    const answer = await callService(analytics.url, 'POST', `/opt-out-lists/${kind}`, { checkedAt, nhsNumbers: allowed.map((p) => p.nhsNumber) }, admin);
    if (answer.status !== 200) throw new Error(`loading the ${kind} list answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  log(`analytics: ${everyone.length} patients registered, ${allowed.length} on the allow-list`);
}

// ---------------------------------------------------------------------------------------------
// 1. Feed throughput from a backlog

async function feedThroughput(
  options: AnalyticsBenchOptions, db: Client, tap: { messages: TappedMessage[] }, arrivals: Map<string, number>,
  everyNhsNumber: Set<string>, onList: BenchPatient[], offList: BenchPatient[], encode: (patient: BenchPatient) => Promise<Encoded>,
): Promise<Result> {
  const offListEvents = offList.length * EVENTS_PER_OFF_LIST_PATIENT;
  const every = Math.max(1, Math.floor(options.events / offListEvents));
  const backlog: Encoded[] = [];
  const dropped: Encoded[] = [];
  for (let i = 0; i < options.events; i++) {
    backlog.push(await encode(onList[i % onList.length]));
    // The off-list patients' events are spread through the backlog, not left at its end.
    if (i % every === 0 && dropped.length < offListEvents) {
      const event = await encode(offList[dropped.length % offList.length]);
      dropped.push(event);
      backlog.push(event);
    }
  }
  const expected = backlog.filter((event) => !dropped.includes(event));
  log(`analytics: putting ${backlog.length} ${TYPE} events on ${CLINICAL_TOPIC} (${dropped.length} of patients off the allow-list)`);
  const t0 = performance.now();
  await putOnTopic(options.brokers, backlog.map((event) => event.message));
  const sentIn = (performance.now() - t0) / 1000;
  let lastReport = performance.now();
  await until(async () => {
    const received = expected.filter((event) => arrivals.has(event.recordId)).length;
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      const held = (await db.query('select count(*)::int as n from held_record')).rows[0].n;
      log(`analytics: ${received} of ${expected.length} records read; the service counts ${await counted(db, 'emitted')} emitted, ${await counted(db, 'suppressed')} suppressed, ${held} held`);
    }
    return received === expected.length;
  }, 300_000, 'the analytics records of the backlog', 50);
  const last = Math.max(...expected.map((event) => arrivals.get(event.recordId) as number));
  const seconds = (last - t0) / 1000;
  // Every off-list event has been decided once the service counts it dropped.
  await until(async () => (await counted(db, 'dropped')) >= dropped.length, 60_000, 'the off-list records dropped', 200);
  const offListRecords = dropped.filter((event) => arrivals.has(event.recordId)).length;
  const leaks = nhsNumbersIn(tap.messages, everyNhsNumber);
  const extra = tap.messages.length - expected.length;
  const perSecond = expected.length / seconds;
  log(`analytics: ${expected.length} records read in ${seconds.toFixed(2)} s (backlog sent in ${sentIn.toFixed(2)} s)`);
  return {
    scenario: 'analytics feed (backlog)', count: expected.length, seconds, perSecond,
    outcome: `${expected.length} of ${expected.length} records read (${extra} other messages on the topic); ` +
      `${dropped.length} events of ${offList.length} off-list patients: ${offListRecords} records (must be 0), ${await counted(db, 'dropped')} counted dropped; ` +
      `NHS numbers in values: ${leaks} (must be 0); backlog sent in ${sentIn.toFixed(2)} s; ` +
      `goal >= ${TARGET_FEED_EVENTS_PER_SECOND.toLocaleString('en-GB')} events/s ${perSecond >= TARGET_FEED_EVENTS_PER_SECOND ? 'met' : 'NOT met'}`,
  };
}

async function counted(db: Client, outcome: string): Promise<number> {
  return (await db.query('select coalesce(sum(count), 0)::int as n from feed_count where outcome = $1', [outcome])).rows[0].n;
}

/** Values holding any bench patient's NHS number, as the bytes a sink receives and as decoded. */
function nhsNumbersIn(messages: TappedMessage[], nhs: Set<string>): number {
  const holds = (text: string) => (text.match(/\d{10}/g) ?? []).some((digits) => nhs.has(digits));
  return messages.filter((m) => holds(m.raw.toString('latin1')) || holds(JSON.stringify(m.decoded)) || holds(JSON.stringify(m.headers))).length;
}

// ---------------------------------------------------------------------------------------------
// 2. Added latency at a fixed arrival rate, open loop

async function addedLatency(options: AnalyticsBenchOptions, arrivals: Map<string, number>, onList: BenchPatient[], encode: (patient: BenchPatient) => Promise<Encoded>): Promise<Result> {
  const producer = new EventProducer(createKafka({ brokers: options.brokers, clientId: 'care-events-bench-analytics' }));
  try {
    const warm = await Promise.all(onList.slice(0, 20).map(encode));
    await producer.send(warm.map((event) => event.message));
    await until(() => warm.every((event) => arrivals.has(event.recordId)), 60_000, 'warm-up analytics records', 20);
    const total = options.rate * options.seconds;
    const events = await Promise.all(Array.from({ length: total }, (_, i) => encode(onList[i % onList.length])));
    log(`analytics: open loop, ${total} ${TYPE} events at ${options.rate}/s`);
    const acked = new Map<string, number>();
    const failed: string[] = [];
    const begin = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = begin + (i * 1000) / options.rate - performance.now();
      if (wait > 0) await sleep(wait);
      const event = events[i];
      inFlight.push(producer.send([event.message]).then(() => void acked.set(event.recordId, performance.now()), (error: Error) => void failed.push(error.message)));
    }
    await Promise.all(inFlight);
    await until(() => [...acked.keys()].every((id) => arrivals.has(id)), 120_000, 'the open loop\'s analytics records', 20).catch(() => undefined);
    const added = [...acked].filter(([id]) => arrivals.has(id)).map(([id, at]) => (arrivals.get(id) as number) - at);
    const missing = acked.size - added.length;
    const seconds = (performance.now() - begin) / 1000;
    return {
      scenario: `analytics ${options.rate}/s: ack -> record`, count: added.length, seconds, perSecond: added.length / seconds, latencies: percentiles(added),
      outcome: `${acked.size} of ${total} sends acknowledged (${failed.length} failed); ${missing === 0 ? 'every record arrived' : `${missing} records NOT read within 120 s`}`,
    };
  } finally {
    await producer.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Events as their owning services publish them (Avro in the Confluent wire format, CloudEvents headers, key = patientId)

async function encoded(codec: AvroCodec, type: string, value: { metadata: { eventId: string; patientId: string; occurredAt: number } }, source: string): Promise<ProducedMessage> {
  const { topic, schema } = contractFor(type);
  return {
    topic, key: value.metadata.patientId, value: await codec.encode(topic, type, schema, value),
    headers: toKafkaHeaders({ eventId: value.metadata.eventId, source, type, time: new Date(value.metadata.occurredAt).toISOString(), subject: value.metadata.patientId }),
  };
}

function metadata(patientId: string, odsCode: string | null) {
  const now = Date.now();
  return {
    eventId: randomUUID(), occurredAt: now, recordedAt: now, patientId,
    actor: { type: 'SYSTEM' as const, id: 'bench', odsCode }, correlationId: randomUUID(), causationId: null,
  };
}

function registered(codec: AvroCodec, patient: BenchPatient, practice: string): Promise<ProducedMessage> {
  return encoded(codec, IdentityEventType.PatientRegistered, {
    metadata: metadata(patient.patientId, null), nhsNumber: patient.nhsNumber, name: { prefix: null, given: ['Jane'], family: 'Smith' },
    birthDate: 0, gender: 'FEMALE', address: null, contact: null, registeredGpOdsCode: practice, nominatedPharmacyOdsCode: null, sensitive: false,
  } as never, '/services/identity');
}

/** An allergy recorded at a hospital (not GP-sourced, so the national list decides), and the record it becomes. */
async function allergyRecorded(codec: AvroCodec, keys: Pseudonymiser, patient: BenchPatient): Promise<Encoded> {
  const value = {
    metadata: metadata(patient.patientId, 'RR8'), allergyId: randomUUID(), substance: { conceptId: '91936005', term: 'Allergy to penicillin' },
    type: 'ALLERGY', reaction: null, severity: 'MODERATE', criticality: 'LOW', verificationStatus: 'CONFIRMED',
    recordedBy: { practitionerId: 'C1234567', name: null, odsCode: 'RR8' }, onsetDate: null,
  };
  return { recordId: keys.eventId(value.metadata.eventId), message: await encoded(codec, TYPE, value, '/services/records') };
}
