import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AllergyRecorded, IdentityEventType, PatientRecordsMerged, RecordsEventType } from '@care-events/contracts';
import { ClinicalServiceHarness, eventually, publishEvent } from '@care-events/local-platform';
import { ConsumedEvent } from '@care-events/messaging';
import { IdentityEventsConsumer } from '@care-events/patient-view';
import { EventContext } from '@care-events/transactional-messaging';
import { RecordsEventsConsumer } from '../src/events/records-events.consumer';
import { MedicationsModule } from '../src/medications.module';
import { AMOXICILLIN_CAPSULES, prescription, TOPIC, valueOf } from './medications-fixtures';

const PENICILLIN_CLASS = { conceptId: '764146007', term: 'Penicillin' };

const allergyRecorded = (allergyId: string): Omit<AllergyRecorded, 'metadata'> => ({
  allergyId,
  substance: PENICILLIN_CLASS,
  type: 'ALLERGY',
  reaction: null,
  severity: 'SEVERE',
  criticality: 'HIGH',
  verificationStatus: 'CONFIRMED',
  recordedBy: { practitionerId: 'G8123456', name: null, odsCode: 'A81001' },
  onsetDate: null,
});

/**
 * Events keyed by different patients arrive in any order: a merge and the later merge of its
 * survivor, an allergy's recording and its entry in error after a merge. A missed allergy lets a
 * medicine through that the patient must not have.
 */
describe('medications, whatever order merges and allergy events arrive in', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('medications', MedicationsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const handled = (eventId: string) =>
    eventually(`event ${eventId} handled`, async () => (await harness.db.query('select 1 from inbox_message where event_id = $1', [eventId])).rowCount === 1);
  const publishAndWait = async (...args: Parameters<typeof publishEvent>) => handled(await publishEvent(...args));
  const prescribeAmoxicillin = (patientId: string) =>
    harness.call('POST', '/medications', prescription(patientId, { medicine: AMOXICILLIN_CAPSULES, quantity: { value: 21, unit: '1' } }));
  const allergyOwner = async (allergyId: string): Promise<string | null> =>
    (await harness.db.query('select patient_id from patient_allergy where allergy_id = $1', [allergyId])).rows[0]?.patient_id ?? null;

  const medicationIdsOf = async (patientId: string): Promise<string[]> =>
    (await harness.call('GET', `/medications?patientId=${patientId}`)).body.map((medication: { id: string }) => medication.id);
  /** A patient with a medication and a penicillin allergy. */
  const patientWithHistory = async () => {
    const patientId = await harness.newPatient();
    const medication = await harness.call('POST', '/medications', prescription(patientId));
    expect(medication.status).toBe(201);
    const allergyId = randomUUID();
    await publishAndWait(RecordsEventType.AllergyRecorded, patientId, allergyRecorded(allergyId));
    return { patientId, medicationId: medication.body.id as string, allergyId };
  };

  it("moves a merge's data to the end of the chain when the survivor's own merge was handled first", async () => {
    const first = await patientWithHistory();
    const [second, third] = [await harness.newPatient(), await harness.newPatient()];
    // Identity merged first into second, then second into third; their partitions deliver the later merge first.
    await harness.identity.merge(second, third);
    await harness.untilPatientIs(second, 'superseded');
    await publishEvent(IdentityEventType.PatientRecordsMerged, first.patientId, { supersededPatientId: first.patientId, survivingPatientId: second });
    await harness.untilPatientIs(first.patientId, 'superseded');

    expect(await medicationIdsOf(third)).toEqual([first.medicationId]);
    expect(await allergyOwner(first.allergyId)).toBe(third);
    expect(await prescribeAmoxicillin(third)).toMatchObject({ status: 409, body: { error: 'ALLERGY_CONFLICT', allergyIds: [first.allergyId] } });
    const [merged] = await harness.tap.waitFor((m) => m.key === third && valueOf(m).supersededPatientId === first.patientId);
    expect(valueOf(merged)).toMatchObject({ survivingPatientId: third, medicationIds: [first.medicationId] });
  });

  it('moves the data a merge brought along with the survivor when the survivor is superseded later', async () => {
    const first = await patientWithHistory();
    const [second, third] = [await harness.newPatient(), await harness.newPatient()];
    await harness.identity.merge(first.patientId, second);
    await harness.untilPatientIs(first.patientId, 'superseded');
    await harness.identity.merge(second, third);
    await harness.untilPatientIs(second, 'superseded');

    expect(await medicationIdsOf(third)).toEqual([first.medicationId]);
    expect(await allergyOwner(first.allergyId)).toBe(third);
    expect(await prescribeAmoxicillin(third)).toMatchObject({ status: 409, body: { error: 'ALLERGY_CONFLICT', allergyIds: [first.allergyId] } });
  });

  it('keeps an allergy entered in error withdrawn when its recording, keyed by the superseded patient, arrives after', async () => {
    const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
    await harness.identity.merge(superseded, survivor);
    await harness.untilPatientIs(superseded, 'superseded');
    const allergyId = randomUUID();

    await publishAndWait(RecordsEventType.AllergyEnteredInError, survivor, { allergyId, substance: PENICILLIN_CLASS, reason: 'Wrong patient' });
    await publishAndWait(RecordsEventType.AllergyRecorded, superseded, allergyRecorded(allergyId));

    expect(await prescribeAmoxicillin(survivor)).toMatchObject({ status: 201, body: { allergyOverride: null } });
  });

  it('checks the survivor against an allergy recorded for the superseded patient that arrives after the merge', async () => {
    const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
    await harness.identity.merge(superseded, survivor);
    await harness.untilPatientIs(superseded, 'superseded');
    const allergyId = randomUUID();

    await publishAndWait(RecordsEventType.AllergyRecorded, superseded, allergyRecorded(allergyId));

    expect(await prescribeAmoxicillin(survivor)).toMatchObject({ status: 409, body: { error: 'ALLERGY_CONFLICT', allergyIds: [allergyId] } });
  });

  describe('an allergy recorded while a merge of its patient is handled', () => {
    let dataSource: DataSource;
    let identityEvents: IdentityEventsConsumer;
    let recordsEvents: RecordsEventsConsumer;

    beforeAll(() => {
      dataSource = harness.service.app.get(DataSource);
      identityEvents = harness.service.app.get(IdentityEventsConsumer);
      recordsEvents = harness.service.app.get(RecordsEventsConsumer);
    });

    const context = (value: { metadata: { patientId: string } }, manager: DataSource['manager']) => {
      const consumed: ConsumedEvent = {
        topic: 'test', partition: 0, offset: '0', key: value.metadata.patientId, headers: { ce_source: '/services/test' }, eventType: 'test', eventId: randomUUID(), value, rawValue: Buffer.alloc(0),
      };
      return new EventContext(consumed, manager);
    };
    const metadata = (patientId: string) => ({
      eventId: randomUUID(), occurredAt: 0, recordedAt: 0, patientId, actor: { type: 'SYSTEM' as const, id: 'test', odsCode: null }, correlationId: 'c', causationId: null,
    });
    const handleMerge = (superseded: string, survivor: string) => (manager: DataSource['manager']) => {
      const event: PatientRecordsMerged = { metadata: metadata(superseded), supersededPatientId: superseded, survivingPatientId: survivor };
      return identityEvents.merged(event, context(event, manager));
    };
    const handleAllergy = (patientId: string, allergyId: string) => (manager: DataSource['manager']) => {
      const event: AllergyRecorded = { metadata: metadata(patientId), ...allergyRecorded(allergyId) };
      return recordsEvents.allergyRecorded(event, context(event, manager));
    };
    const waitingForPatientLocks = async (): Promise<number> => {
      const waiting = await harness.db.query(`select count(*) from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query like '%known_patient%'`);
      return Number(waiting.rows[0].count);
    };

    /**
     * Handles `first` in a transaction held open after the handler ran, then `second` beside it; lets
     * the first commit once the second has finished or waits for a lock.
     */
    const interleave = async (first: (manager: DataSource['manager']) => Promise<void>, second: (manager: DataSource['manager']) => Promise<void>) => {
      let commitFirst!: () => void;
      let firstHandled!: () => void;
      const handledFirst = new Promise<void>((resolve) => (firstHandled = resolve));
      const firstDone = dataSource.transaction(async (manager) => {
        await first(manager);
        firstHandled();
        await new Promise<void>((resolve) => (commitFirst = resolve));
      });
      await Promise.race([handledFirst, firstDone]);
      let secondFinished = false;
      const secondDone = dataSource.transaction(second).finally(() => (secondFinished = true));
      await eventually("the second handler finished or waiting for a patient's lock", async () => secondFinished || (await waitingForPatientLocks()) > 0);
      commitFirst();
      await Promise.all([firstDone, secondDone]);
    };

    it.each([
      ['the allergy first', (superseded: string, survivor: string, allergyId: string) => interleave(handleAllergy(superseded, allergyId), handleMerge(superseded, survivor))],
      ['the merge first', (superseded: string, survivor: string, allergyId: string) => interleave(handleMerge(superseded, survivor), handleAllergy(superseded, allergyId))],
    ])('ends with the survivor, %s', async (_, run) => {
      const [superseded, survivor] = [await harness.newPatient(), await harness.newPatient()];
      const allergyId = randomUUID();

      await run(superseded, survivor, allergyId);

      expect(await allergyOwner(allergyId)).toBe(survivor);
      expect(await prescribeAmoxicillin(survivor)).toMatchObject({ status: 409, body: { error: 'ALLERGY_CONFLICT', allergyIds: [allergyId] } });
    });
  });
});
