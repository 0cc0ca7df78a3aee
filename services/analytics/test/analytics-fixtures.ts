import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractFor, EventType, IdentityEventType, MedicationsEventType, RecordsEventType, AppointmentsEventType, ResultsEventType } from '@care-events/contracts';
import { asStaff, callService, encodedEvent, nhsNumbers, startServiceUnderTest } from '@care-events/local-platform';
import { AvroCodec, avroType, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient } from '@care-events/messaging';
import { provisionAnalyticsFeeds } from '@care-events/provisioning';
import { AnalyticsModule } from '../src/analytics.module';
import { CLINICAL_RECORD_TYPES } from '../src/domain/recipient';

export const DAY_MS = 86_400_000;
export const CLINICAL_TYPES: EventType[] = [
  ...Object.values(RecordsEventType), ...Object.values(MedicationsEventType), ...Object.values(AppointmentsEventType), ...Object.values(ResultsEventType),
];

/** Two recipients of their own per run (topics outlive runs on the shared platform), every field and type; R2 may generalise more. */
export function testRecipients(k = 3, r2Generalisation = { yearOfBirthBand: 1, postcode: 'district' }) {
  const run = randomBytes(3).toString('hex');
  const recipient = (name: string, generalisation: object) => ({
    name, project: `test project ${name}`, dataSharingAgreement: `DSA-TEST-${name}`, types: [...CLINICAL_RECORD_TYPES],
    fields: ['yearOfBirth', 'postcodeDistrict', 'gender', 'practiceOdsCode'], generalisation, k,
  });
  const recipients = [recipient(`r1-${run}`, { yearOfBirthBand: 1, postcode: 'district' }), recipient(`r2-${run}`, r2Generalisation)];
  const file = join(mkdtempSync(join(tmpdir(), 'analytics-')), 'recipients.json');
  writeFileSync(file, JSON.stringify({ recipients }));
  return { recipients, file, r1: recipients[0].name, r2: recipients[1].name };
}

export const newKey = () => randomBytes(32);
export const keysEnv = (keys: Record<string, Record<number, Buffer>>) =>
  JSON.stringify(Object.fromEntries(Object.entries(keys).map(([r, versions]) => [r, Object.fromEntries(Object.entries(versions).map(([v, key]) => [v, key.toString('base64')]))])));

export async function startAnalytics(recipientsFile: string, keys: string) {
  return startServiceUnderTest('analytics', AnalyticsModule, { ANALYTICS_RECIPIENTS_FILE: recipientsFile, ANALYTICS_KEYS: keys });
}

export async function provisionFeeds(recipients: Array<{ name: string; types: string[] }>) {
  await provisionAnalyticsFeeds({ kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(','), registryUrl: process.env.SCHEMA_REGISTRY_URL ?? '' }, recipients);
}

/**
 * Removes a run's recipient subjects from the shared registry, which lists at most 1,000 subjects and would
 * otherwise gather them run after run. The topics stay, as care settings' do: deleting topics while other suites
 * create theirs slows the broker's metadata enough to fail their creation.
 */
export async function removeFeeds(recipients: Array<{ name: string; types: string[] }>) {
  const registry = process.env.SCHEMA_REGISTRY_URL ?? '';
  for (const recipient of recipients) {
    for (const type of [...recipient.types, 'withdrawal']) {
      const subject = encodeURIComponent(`analytics.${recipient.name}.${type}.v1-value`);
      await fetch(`${registry}/subjects/${subject}`, { method: 'DELETE' });
      await fetch(`${registry}/subjects/${subject}?permanent=true`, { method: 'DELETE' });
    }
  }
}

export interface TestPatient {
  patientId: string;
  nhsNumber: string;
  birthDate: string;
  postcode: string;
  gender: 'MALE' | 'FEMALE';
  practice: string;
}

const nextNhs = nhsNumbers();
export function patient(birthDate: string, postcode = 'LS1 4AP', gender: TestPatient['gender'] = 'FEMALE', practice = 'A81001'): TestPatient {
  return { patientId: randomUUID(), nhsNumber: nextNhs(), birthDate, postcode, gender, practice };
}

/** identity's registration of the patient, recorded at `recordedAt` (what the gate compares with a list's check time). */
export function registration(p: TestPatient, recordedAt: Date) {
  return encodedEvent(IdentityEventType.PatientRegistered, p.patientId, {
    nhsNumber: p.nhsNumber, name: { prefix: null, given: ['Test'], family: 'Patient' }, birthDate: Math.floor(Date.parse(p.birthDate) / DAY_MS), gender: p.gender,
    address: { lines: ['1 Test Street'], city: 'Leeds', district: null, postcode: p.postcode }, contact: { phone: '07700900000', email: 'test@example.org' },
    registeredGpOdsCode: p.practice, nominatedPharmacyOdsCode: null, sensitive: false,
  }, { recordedAt });
}

/** An event of the type with a random valid body (avsc), as its owning service would publish it. */
export function randomClinicalEvent(type: EventType, patientId: string) {
  const body = avroType(contractFor(type).schema).random() as unknown as Record<string, unknown>;
  delete body.metadata;
  return encodedEvent(type, patientId, body);
}

/** An event recorded by a practitioner of `odsCode` (a GP practice's records are the ones type 1 dissent covers). */
export async function clinicalEventBy(type: EventType, patientId: string, odsCode: string) {
  const { eventId, message } = await randomClinicalEvent(type, patientId);
  const { schema, topic } = contractFor(type);
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  const value = (await codec.decode(message.value as Buffer)).value as { metadata: { actor: object } };
  value.metadata.actor = { type: 'PRACTITIONER', id: 'G8123456', odsCode };
  return { eventId, message: { ...message, value: await codec.encode(topic, type, schema, value) } };
}

export async function send(messages: Array<Promise<{ eventId: string; message: ProducedMessage }>>): Promise<string[]> {
  const encoded = await Promise.all(messages);
  const producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'analytics-test' }));
  try {
    await producer.send(encoded.map((e) => e.message));
  } finally {
    await producer.disconnect();
  }
  return encoded.map((e) => e.eventId);
}

export const asAdministrator = () => asStaff({ userId: 'ADM0001', odsCode: 'X26', role: 'administrator' });

export async function loadList(url: string, kind: 'national' | 'type1', patients: TestPatient[], checkedAt: Date) {
  const answer = await callService(url, 'POST', `/opt-out-lists/${kind}`, { checkedAt: checkedAt.toISOString(), nhsNumbers: patients.map((p) => p.nhsNumber) }, await asAdministrator());
  if (answer.status !== 200) throw new Error(`loading the ${kind} list answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
