import { DataSource } from 'typeorm';
import { callService, eventually, ServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { Pseudonymiser } from '../src/domain/pseudonymiser';
import { CLINICAL_RECORD_TYPES } from '../src/domain/recipient';
import {
  CLINICAL_TYPES, keysEnv, loadList, newKey, patient, provisionFeeds, randomClinicalEvent, registration, removeFeeds, send, sha256, startAnalytics, TestPatient, testRecipients,
} from './analytics-fixtures';

type Value = Record<string, unknown> & { patient?: { pseudonym: string; keyVersion: number; yearOfBirth: number; postcodeDistrict: string; gender: string; practiceOdsCode: string } };
const valueOf = (message: TappedMessage) => ('value' in message.decoded ? (message.decoded.value as Value) : {});

describe('the analytics feed on the real broker, registry and PostgreSQL', () => {
  const { recipients, file, r1, r2 } = testRecipients(3);
  const keys: Record<string, Record<number, Buffer>> = { [r1]: { 1: newKey() }, [r2]: { 1: newKey() } };
  const topics = (name: string) => [...CLINICAL_RECORD_TYPES, 'withdrawal'].map((type) => `analytics.${name}.${type}.v1`);
  const [a1, a2, a3, b] = [patient('1970-03-14'), patient('1970-08-02'), patient('1970-11-30'), patient('1970-05-05')];
  const c = patient('1970-06-06');
  const lonely = patient('1931-01-01', 'ZE2 9XX', 'MALE', 'B86042');
  const everyone = [a1, a2, a3, b, c, lonely];
  let service: ServiceUnderTest;
  let db: DataSource;
  let tap: TopicTap;
  const clinicalEvents = new Map<string, string[]>();

  const handled = (eventIds: string[]) =>
    eventually(`the feed handling ${eventIds.length} events`, async () => {
      const [row] = await db.query('select count(*)::int as n from inbox_message where event_id = any($1)', [eventIds]);
      return row.n === eventIds.length;
    }, 90_000);
  const pseudonymOf = (recipient: string, p: TestPatient, version = 1) => new Pseudonymiser(recipient, new Map([[version, keys[recipient][version]]])).pseudonym(p.nhsNumber);
  const recordsOf = (recipient: string) => tap.messages.filter((m) => m.topic.startsWith(`analytics.${recipient}.`) && !m.topic.endsWith('.withdrawal.v1'));
  const pseudonymsIn = (recipient: string) => new Set(recordsOf(recipient).map((m) => valueOf(m).patient?.pseudonym));
  /** Waits until the relay has nothing left to send, then a moment for the tap. */
  const drained = () =>
    eventually('the outbox drained', async () => {
      const [row] = await db.query('select count(*)::int as n from outbox_message where sent_at is null');
      return row.n === 0;
    }, 60_000);
  const settle = async (expected: number) => {
    await drained();
    await eventually(`${expected} analytics messages`, async () => tap.messages.length >= expected, 30_000);
  };

  beforeAll(async () => {
    await provisionFeeds(recipients);
    service = await startAnalytics(file, keysEnv(keys));
    db = service.app.get(DataSource);
    tap = await tapTopics([...topics(r1), ...topics(r2)]);
    const now = Date.now();
    const registered = await send([a1, a2, a3, b, lonely].map((p) => registration(p, new Date(now - 3_600_000))));
    await handled(registered);
    await loadList(service.url, 'national', [a1, a2, a3, lonely], new Date(now - 1_800_000));
    await loadList(service.url, 'type1', everyone, new Date(now - 1_800_000));
    // C registers after the lists were checked: not yet checked.
    await handled(await send([registration(c, new Date())]));
    for (const p of everyone) {
      const ids = await send(CLINICAL_TYPES.map((type) => randomClinicalEvent(type, p.patientId)));
      clinicalEvents.set(p.patientId, ids);
      await handled(ids);
    }
  }, 240_000);

  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
    await removeFeeds(recipients);
  });

  it('carries only allow-listed patients in groups of at least k: not the opted-out, not the unchecked', async () => {
    const perPatient = 18; // the 4 clinical topics' event types minus their 4 merge events
    await settle(2 * 3 * perPatient);
    for (const recipient of [r1, r2]) {
      expect(pseudonymsIn(recipient)).toEqual(new Set([a1, a2, a3].map((p) => pseudonymOf(recipient, p))));
      expect(new Set(recordsOf(recipient).map((m) => m.topic))).toEqual(new Set(CLINICAL_RECORD_TYPES.map((type) => `analytics.${recipient}.${type}.v1`)));
    }
    // C's records wait, per recipient; none of B's (dropped) or A's (sent).
    const held = await db.query('select patient_id as "patientId", reason, count(*)::int as n from held_record where patient_id = any($1) group by 1, 2', [everyone.map((p) => p.patientId)]);
    expect(held).toEqual([{ patientId: c.patientId, reason: 'unchecked', n: 2 * perPatient }]);
    // The analysts' counts, rounded to 5: A-group's 54 sent, lonely's 18 suppressed by k. Other tests' patients on the
    // shared topics reach this service too, but never its list: they add to the dropped and held counts only.
    const status = await callService(service.url, 'GET', '/analytics/status');
    const mine = status.body.recipients.find((r: { name: string }) => r.name === r1);
    expect(mine).toMatchObject({ emitted: 55, suppressedByK: 20 });
    expect(mine.droppedByOptOut).toBeGreaterThanOrEqual(20);
  });

  it('gives every quasi-identifier group at least k pseudonyms, and a join with full dates of birth and postcodes no unique match', async () => {
    for (const recipient of [r1, r2]) {
      const groups = new Map<string, Set<string>>();
      for (const { patient: p } of recordsOf(recipient).map(valueOf)) {
        const key = JSON.stringify([p?.yearOfBirth, p?.postcodeDistrict, p?.gender, p?.practiceOdsCode]);
        groups.set(key, (groups.get(key) ?? new Set()).add(p?.pseudonym as string));
      }
      for (const members of groups.values()) expect(members.size).toBeGreaterThanOrEqual(3);
    }
    // What an attacker may hold: full dates of birth and postcodes of the same people (and others).
    const synthetic = [...everyone, patient('1970-01-01', 'LS1 5AA'), patient('1971-03-14')].map((p) => ({ ...p, year: Number(p.birthDate.slice(0, 4)), district: p.postcode.split(' ')[0] }));
    for (const { patient: p } of recordsOf(r1).map(valueOf)) {
      const matches = synthetic.filter((s) => s.year === p?.yearOfBirth && s.district === p?.postcodeDistrict && s.gender === p?.gender && s.practice === p?.practiceOdsCode);
      expect(matches.length).toBeGreaterThan(1);
    }
  });

  it('gives each recipient its own pseudonyms, keys and eventIds, never an NHS number or its unkeyed SHA-256', () => {
    const r1Records = recordsOf(r1);
    const r2Records = recordsOf(r2);
    expect(new Set(r1Records.map((m) => m.key))).toEqual(pseudonymsIn(r1));
    const shared = [...pseudonymsIn(r1)].filter((pseudonym) => pseudonymsIn(r2).has(pseudonym));
    expect(shared).toEqual([]);
    const r1Ids = new Set(r1Records.map((m) => valueOf(m).eventId));
    expect(r2Records.filter((m) => r1Ids.has(valueOf(m).eventId))).toEqual([]);
    expect(r1Records.every((m) => m.headers.ce_id === valueOf(m).eventId && m.headers.ce_subject === m.key)).toBe(true);
    const sourceIds = [...clinicalEvents.values()].flat();
    const output = tap.messages.map((m) => `${m.key} ${JSON.stringify(m.headers)} ${m.raw.toString('latin1')} ${JSON.stringify(valueOf(m))}`).join('\n');
    for (const p of everyone) {
      for (const secret of [p.nhsNumber, sha256(p.nhsNumber), p.patientId, p.birthDate, p.postcode, 'Test Street', '07700900000']) expect(output).not.toContain(secret);
    }
    expect(sourceIds.filter((id) => output.includes(id))).toEqual([]);
  });

  it('names no identifying field in any analytics subject of the registry', async () => {
    const registry = process.env.SCHEMA_REGISTRY_URL as string;
    // Each topic's one subject, `<topic>-value`, and no TopicRecordNameStrategy subject beside it. (Asked one by one:
    // the registry lists at most 1,000 subjects, and test runs leave many on the shared platform.)
    const feedTopics = [...topics(r1), ...topics(r2)];
    const status = async (subject: string) => (await fetch(`${registry}/subjects/${encodeURIComponent(subject)}/versions/latest`)).status;
    expect(await Promise.all(feedTopics.map((topic) => status(`${topic}-value`)))).toEqual(feedTopics.map(() => 200));
    const byRecordName = feedTopics.map((topic) => `${topic}-care.events.analytics.Analytics${topic.split('.')[2].replace(/^./, (c) => c.toUpperCase())}`);
    expect(await Promise.all(byRecordName.map(status))).toEqual(byRecordName.map(() => 404));
    const analytics = feedTopics.map((topic) => `${topic}-value`);
    const deny = /^(nhsNumber|patientId|name|given|family|prefix|address|lines|city|postcode|birthDate|dateOfBirth|contact|phone|email|dosageText|reason|description|recordedBy|prescriber|practitionerId|metadata|allergyId|conditionId|encounterId|medicationId|appointmentId|reportId|slotId|dispensationId)$/;
    for (const subject of analytics) {
      const { schema } = (await (await fetch(`${registry}/subjects/${encodeURIComponent(subject)}/versions/latest`)).json()) as { schema: string };
      const fields = fieldNames(JSON.parse(schema));
      expect({ subject, identifying: fields.filter((field) => deny.test(field)) }).toEqual({ subject, identifying: [] });
    }
  });

  it('releases a patient not yet checked once a refresh includes them, and withdraws one who opted out since', async () => {
    const before = tap.messages.length;
    const summary = await loadList(service.url, 'national', [a1, a2, a3, c, lonely], new Date());
    expect(summary).toMatchObject({ released: 2 * 18, withdrawn: 0 });
    await settle(before + 2 * 18);
    for (const recipient of [r1, r2]) expect(pseudonymsIn(recipient)).toContain(pseudonymOf(recipient, c));

    const withA = tap.messages.length;
    expect(await loadList(service.url, 'national', [a2, a3, c, lonely], new Date())).toMatchObject({ withdrawn: 2 });
    const later = await send(CLINICAL_TYPES.map((type) => randomClinicalEvent(type, a1.patientId)));
    await handled(later);
    await settle(withA + 2);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = tap.messages.slice(withA);
    for (const recipient of [r1, r2]) {
      const withdrawals = after.filter((m) => m.topic === `analytics.${recipient}.withdrawal.v1`);
      expect(withdrawals.map((m) => [m.key, valueOf(m).pseudonym])).toEqual([[pseudonymOf(recipient, a1), pseudonymOf(recipient, a1)]]);
      expect(after.filter((m) => m.topic !== `analytics.${recipient}.withdrawal.v1` && m.key === pseudonymOf(recipient, a1))).toEqual([]);
    }
  });
});

function fieldNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(fieldNames);
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { fields?: Array<{ name: string; type: unknown }>; items?: unknown; values?: unknown };
  return [...(s.fields ?? []).flatMap((field) => [field.name, ...fieldNames(field.type)]), ...fieldNames(s.items), ...fieldNames(s.values)];
}
