import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { randomUUID } from 'node:crypto';
// The point of the outside-client test: plain kafkajs, as an analyst's own consumer would be, no project code.
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { RecordsEventType } from '@care-events/contracts';
import { eventually, serviceClock, ServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { CLINICAL_RECORD_TYPES } from '../src/domain/recipient';
import {
  DAY_MS, keysEnv, loadList, newKey, patient, provisionFeeds, randomClinicalEvent, registration, removeFeeds, send, startAnalytics, testRecipients,
} from './analytics-fixtures';

type Record_ = { eventId: string; patient: { pseudonym: string; keyVersion: number } };
const valueOf = (m: TappedMessage) => ('value' in m.decoded ? (m.decoded.value as Record_) : ({} as Record_));

describe('analytics keys across restarts and rotation, an outside reader, and a stale opt-out list', () => {
  const { recipients, file, r1, r2 } = testRecipients(1);
  const [k1, k1Next, k2] = [newKey(), newKey(), newKey()];
  const a = patient('1980-02-02');
  const allergy = `analytics.${r1}.allergy.v1`;
  let tap: TopicTap;
  let service: ServiceUnderTest | undefined;

  /** One instance, with a database of its own: registration, lists and one allergy for A, as identity and records sent them. */
  const runInstance = async (keys: Record<string, Record<number, Buffer>>, messages: Awaited<ReturnType<typeof registration>>[]) => {
    service = await startAnalytics(file, keysEnv(keys));
    const db = service.app.get(DataSource);
    await send([Promise.resolve(messages[0])]);
    await eventually('A known', async () => (await db.query('select 1 from analytics_patient where patient_id = $1', [a.patientId])).length === 1, 60_000);
    await loadList(service.url, 'national', [a], new Date());
    await loadList(service.url, 'type1', [a], new Date());
    await send([Promise.resolve(messages[1])]);
    const seen = tap.messages.length;
    const [r1Record] = await tap.waitFor((m) => m.topic === allergy && tap.messages.indexOf(m) >= seen, 1, 60_000);
    const [r2Record] = await tap.waitFor((m) => m.topic === `analytics.${r2}.allergy.v1` && tap.messages.indexOf(m) >= seen, 1, 60_000);
    return { r1: valueOf(r1Record), r2: valueOf(r2Record), db };
  };

  beforeAll(async () => {
    await provisionFeeds(recipients);
    tap = await tapTopics([...CLINICAL_RECORD_TYPES, 'withdrawal'].flatMap((type) => [`analytics.${r1}.${type}.v1`, `analytics.${r2}.${type}.v1`]));
  }, 120_000);

  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
    await removeFeeds(recipients);
  });

  it('keeps each recipient\'s pseudonym and eventId across a restart; rotating R1\'s key changes only R1\'s, with its keyVersion, and withdraws under both; a stale list stops the feed', async () => {
    const messages = [await registration(a, new Date(Date.now() - 3_600_000)), await randomClinicalEvent(RecordsEventType.AllergyRecorded, a.patientId)];
    const first = await runInstance({ [r1]: { 1: k1 }, [r2]: { 1: k2 } }, messages);
    await service?.stop();
    const restarted = await runInstance({ [r1]: { 1: k1 }, [r2]: { 1: k2 } }, messages);
    await service?.stop();
    const rotated = await runInstance({ [r1]: { 1: k1, 2: k1Next }, [r2]: { 1: k2 } }, messages);

    expect(first.r1.patient.pseudonym).not.toBe(first.r2.patient.pseudonym);
    expect(first.r1.eventId).not.toBe(first.r2.eventId);
    expect([restarted.r1, restarted.r2]).toEqual([first.r1, first.r2]);
    expect(rotated.r2).toEqual(first.r2);
    expect(rotated.r1.patient).toMatchObject({ keyVersion: 2 });
    expect(first.r1.patient.keyVersion).toBe(1);
    expect(rotated.r1.patient.pseudonym).not.toBe(first.r1.patient.pseudonym);
    expect(rotated.r1.eventId).not.toBe(first.r1.eventId);

    // A opts out: R1's sinks may hold rows of both key versions, so R1 gets a withdrawal under each, R2 one.
    const running = service as ServiceUnderTest;
    const beforeWithdrawal = tap.messages.length;
    await loadList(running.url, 'national', [], new Date());
    const withdrawals = await tap.waitFor((m) => m.topic.endsWith('.withdrawal.v1') && tap.messages.indexOf(m) >= beforeWithdrawal, 3, 60_000);
    const pseudonymsWithdrawn = (recipient: string) => withdrawals.filter((m) => m.topic === `analytics.${recipient}.withdrawal.v1`).map((m) => m.key).sort();
    expect(pseudonymsWithdrawn(r1)).toEqual([first.r1.patient.pseudonym, rotated.r1.patient.pseudonym].sort());
    expect(pseudonymsWithdrawn(r2)).toEqual([first.r2.patient.pseudonym]);

    // A stale list: 22 days on, nothing leaves and readiness says why.
    serviceClock(running).advance(22 * DAY_MS);
    const seen = tap.messages.length;
    const [late] = await send([randomClinicalEvent(RecordsEventType.AllergyRecorded, a.patientId)]);
    await eventually('the late allergy held', async () => {
      const rows = await rotated.db.query('select reason from held_record where event_id = $1', [late]);
      return rows.length === 2 && rows.every((row: { reason: string }) => row.reason === 'stale-list');
    }, 60_000);
    const health = await (await fetch(`${running.url}/health/ready`)).json();
    expect(health).toMatchObject({ status: 'degraded', analyticsFeed: { ok: false, state: 'stopped', reasons: expect.arrayContaining([expect.stringMatching(/national opt-out list .* older than 21 days/)]) } });
    expect(await (await fetch(`${running.url}/metrics`)).text()).toMatch(/care_events_analytics_feed_stopped\{reason="national opt-out list[^"]*"\} 1/);
    const [unsent] = await rotated.db.query('select count(*)::int as n from outbox_message where sent_at is null');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect({ unsent: unsent.n, published: tap.messages.length - seen }).toEqual({ unsent: 0, published: 0 });
  }, 240_000);

  it('is read by an outside client: plain kafkajs and the Confluent schema registry client, no project code', async () => {
    const registry = new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL as string });
    const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'outside-analyst', logLevel: logLevel.ERROR });
    const consumer = kafka.consumer({ groupId: `outside-analyst-${randomUUID()}` });
    const read: Array<{ key: string; value: { patient: { pseudonym: string }; substance: { conceptId: string } } }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: allergy, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void read.push({ key: String(message.key), value: await registry.decode(message.value as Buffer) }) });
    try {
      await eventually('the outside client reading the allergies', async () => read.length >= 3, 60_000);
    } finally {
      await consumer.disconnect();
    }
    expect(read.every(({ key, value }) => value.patient.pseudonym === key && typeof value.substance.conceptId === 'string')).toBe(true);
    expect(new Set(read.map(({ key }) => key)).size).toBe(2);
  });
});
