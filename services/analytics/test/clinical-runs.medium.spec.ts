import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { contractFor, EventType, MedicationsEventType, RecordsEventType } from '@care-events/contracts';
import { ServiceUnderTest } from '@care-events/local-platform';
import { avroType } from '@care-events/messaging';
import { AnalyticsFeed, ClinicalEvent } from '../src/application/analytics-feed';
import { AnalyticsPatientsRepository } from '../src/persistence/analytics-patients.repository';
import { OptOutListsRepository } from '../src/persistence/opt-out-lists.repository';
import { DAY_MS, keysEnv, newKey, patient, provisionFeeds, removeFeeds, startAnalytics, TestPatient, testRecipients } from './analytics-fixtures';

/**
 * A batch's run of clinical events goes through the feed in one call (onClinicalEvents) for speed; it must
 * decide and write exactly what the events taken one by one (onClinicalEvent) do. Both are applied to the same
 * state in a transaction that is rolled back, which holds the lists' locks so the service's own consumer
 * changes nothing meanwhile, and what each wrote is compared.
 */
describe('a run of clinical events', () => {
  const { recipients, file, r1, r2 } = testRecipients(3);
  let service: ServiceUnderTest;

  beforeAll(async () => {
    await provisionFeeds(recipients);
    service = await startAnalytics(file, keysEnv({ [r1]: { 1: newKey() }, [r2]: { 1: newKey() } }));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await removeFeeds(recipients);
  });

  // A group of three (k = 3) on both lists, one alone in its group, one opted out, one with type 1 dissent only,
  // one registered after the check, one unknown to identity, and a record merged into the first patient.
  const group = [1, 2, 3].map(() => patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001'));
  const alone = patient('1932-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const optedOut = patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const dissent = patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const late = patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const unknown = patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const mergedAway = patient('1931-02-03', 'ZE2 9QQ', 'MALE', 'Y99001');
  const checkedAt = new Date(Date.now() - 60_000);

  async function setUp(manager: EntityManager): Promise<void> {
    const patients = service.app.get(AnalyticsPatientsRepository);
    const register = (p: TestPatient, seenAt: Date) => patients.upsert(manager, p.patientId, p.nhsNumber, {
      yearOfBirth: Number(p.birthDate.slice(0, 4)), postcodeDistrict: p.postcode.split(' ')[0], gender: p.gender, practiceOdsCode: p.practice,
    }, seenAt);
    const before = new Date(checkedAt.getTime() - DAY_MS);
    for (const p of [...group, alone, optedOut, dissent, mergedAway]) await register(p, before);
    await register(late, new Date());
    await patients.supersede(manager, mergedAway.patientId, group[0].patientId);
    const lists = service.app.get(OptOutListsRepository);
    const allowed = [...group, alone, dissent, mergedAway].map((p) => p.nhsNumber);
    await lists.replace(manager, 'national', allowed, checkedAt, new Date());
    await lists.replace(manager, 'type1', allowed.filter((n) => n !== dissent.nhsNumber), checkedAt, new Date());
  }

  const types: EventType[] = [RecordsEventType.AllergyRecorded, RecordsEventType.ConditionRecorded, MedicationsEventType.MedicationPrescribed];
  const events: ClinicalEvent[] = [...group, alone, optedOut, dissent, late, unknown, mergedAway, ...group].flatMap((p, i) =>
    types.map((type, t) => {
      const body = avroType(contractFor(type).schema).random() as unknown as Record<string, unknown>;
      delete body.metadata;
      // Every other event recorded at a GP practice, where type 1 dissent applies.
      const odsCode = (i + t) % 2 === 0 ? 'Y99001' : 'RR8';
      return { eventType: type.slice(type.lastIndexOf('.') + 1), eventId: randomUUID(), patientId: p.patientId, occurredAt: Date.now() - i * DAY_MS, odsCode, body };
    }));

  async function written(apply: (feed: AnalyticsFeed, manager: EntityManager) => Promise<void>) {
    const runner = service.app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const { manager } = runner;
      await setUp(manager);
      await apply(service.app.get(AnalyticsFeed), manager);
      const ids = [...group, alone, optedOut, dissent, late, unknown, mergedAway].map((p) => p.patientId);
      return {
        outbox: await manager.query('select topic, message_key, event_type, payload from outbox_message where topic like any($1) order by id', [[`analytics.${r1}.%`, `analytics.${r2}.%`]]),
        held: await manager.query('select recipient, patient_id, event_type, event_id, gp_sourced, body, reason from held_record where patient_id = any($1) order by id', [ids]),
        released: await manager.query('select recipient, patient_id from released_patient where patient_id = any($1) order by 1, 2', [ids]),
        counts: await manager.query('select recipient, outcome, record_type, count::int from feed_count where recipient in ($1, $2) order by 1, 2, 3', [r1, r2]),
      };
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('has the effect of its events one by one: the same records in the same order, held records, releases and counts', async () => {
    const oneByOne = await written(async (feed, manager) => {
      for (const event of events) await feed.onClinicalEvent(manager, event);
    });
    const asRun = await written((feed, manager) => feed.onClinicalEvents(manager, events));

    expect(asRun).toEqual(oneByOne);
    // Every path of the gate and the k check was taken, per recipient: the group's 7 patients' events (the merged
    // record's as the first one's) and the dissenting patient's 2 not from a GP sent, the lone patient's 3 suppressed,
    // the opted-out patient's 3 and the dissenting one's GP record dropped, the late and unknown patients' 6 held.
    const total = (recipient: string, outcome: string) =>
      oneByOne.counts.filter((row: { recipient: string; outcome: string }) => row.recipient === recipient && row.outcome === outcome).reduce((n: number, row: { count: number }) => n + row.count, 0);
    for (const recipient of [r1, r2]) {
      expect([total(recipient, 'emitted'), total(recipient, 'suppressed'), total(recipient, 'dropped')]).toEqual([23, 3, 4]);
      expect(oneByOne.outbox.filter((row: { topic: string }) => row.topic.startsWith(`analytics.${recipient}.`))).toHaveLength(23);
      expect(oneByOne.held.filter((row: { recipient: string }) => row.recipient === recipient).map((row: { reason: string }) => row.reason).sort())
        .toEqual([...Array(3).fill('unchecked'), ...Array(3).fill('unknown-patient')].sort());
    }
    const releasedIds = [...group, dissent].map((p) => p.patientId);
    expect(oneByOne.released).toHaveLength(8);
    expect(new Set(oneByOne.released.map((row: { patient_id: string }) => row.patient_id))).toEqual(new Set(releasedIds));
  }, 60_000);
});
