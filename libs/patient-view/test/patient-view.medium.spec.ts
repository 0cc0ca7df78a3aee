import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createThrowawayDatabase, eventually, ThrowawayDatabase } from '@care-events/local-platform';
import { ConsumedEvent } from '@care-events/messaging';
import { EventBatchContext, EventContext } from '@care-events/transactional-messaging';
import {
  IdentityEventsConsumer, KnownPatientNumbers, KnownPatientRepository, PatientDeath, PatientDirectory, PatientMerge, PatientView, PatientViewErrorCode,
} from '../src';

const metadata = (patientId: string) => ({
  eventId: randomUUID(), occurredAt: 0, recordedAt: 0, patientId, actor: { type: 'SYSTEM' as const, id: 'identity', odsCode: null }, correlationId: 'c', causationId: null,
});

describe('the patient view on a real PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  const deaths: PatientDeath[] = [];
  const merges: PatientMerge[] = [];
  const repository = new KnownPatientRepository();
  const directory = new PatientDirectory(repository);
  const consumer = new IdentityEventsConsumer(repository, {
    onPatientDeceased: async (death) => void deaths.push(death),
    onPatientsMerged: async (merge) => void merges.push(merge),
  });

  beforeAll(async () => {
    database = await createThrowawayDatabase('patient_view');
    dataSource = await new DataSource({
      type: 'postgres', url: database.url, entities: [...PatientView.entities], migrations: [...PatientView.migrations], migrationsRun: true,
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const handle = <T>(work: (ctx: EventContext) => Promise<T>) =>
    dataSource.transaction((manager) => work(new EventContext({ eventId: randomUUID(), headers: {} } as ConsumedEvent, manager)));
  const register = (patientId: string, nhsNumber = '9990000018') =>
    handle((ctx) => consumer.registered({ metadata: metadata(patientId), nhsNumber } as never, ctx));
  const merge = (supersededPatientId: string, survivingPatientId: string) =>
    handle((ctx) => consumer.merged({ metadata: metadata(supersededPatientId), supersededPatientId, survivingPatientId }, ctx));
  const lockForWrite = (patientId: string, refuseDeceased = false) =>
    dataSource.transaction((manager) => directory.lockForWrite(manager, patientId, { refuseDeceased }));
  const waitingForLocks = async (): Promise<number> =>
    (await dataSource.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n;

  it('knows each patient by the NHS number they registered with, also one a merge named before its registration arrived', async () => {
    const numbers = new KnownPatientNumbers(dataSource, repository);
    const [duplicate, survivor] = [randomUUID(), randomUUID()];
    await register(duplicate, '9990000026');
    await merge(duplicate, survivor);
    expect(await numbers.nhsNumberOf(survivor)).toBeNull();
    await register(survivor, '9990000034');
    // A registration redelivered with another number does not change the one recorded.
    await register(survivor, '9990000042');
    expect(await numbers.nhsNumberOf(duplicate)).toBe('9990000026');
    expect(await numbers.nhsNumberOf(survivor)).toBe('9990000034');
    expect(await numbers.nhsNumberOf(randomUUID())).toBeNull();
  });

  it('applies a run of registrations in one statement with the rows they give one by one', async () => {
    const numbers = new KnownPatientNumbers(dataSource, repository);
    const [fresh, namedByMerge, twice, survivor] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await merge(namedByMerge, survivor);
    const run = [[fresh, '9990000050'], [namedByMerge, '9990000069'], [twice, '9990000077'], [twice, '9990000085']].map(([patientId, nhsNumber]) => ({
      eventId: randomUUID(), eventType: 'care.events.identity.PatientRegistered', headers: {}, value: { metadata: metadata(patientId), nhsNumber },
    })) as unknown as ConsumedEvent[];
    await dataSource.transaction((manager) => consumer.registeredRun(new EventBatchContext(run, manager)));
    expect(await Promise.all([fresh, namedByMerge, twice].map((id) => numbers.nhsNumberOf(id)))).toEqual(['9990000050', '9990000069', '9990000077']);
    expect(await lockForWrite(fresh)).toMatchObject({ status: 'active' });
    // The merge's status stays: a registration arriving after it only fills in the number.
    expect(await dataSource.query('select status from known_patient where patient_id = $1', [namedByMerge])).toEqual([{ status: 'superseded' }]);
  });

  it('refuses a write for a patient identity has not told it about', async () => {
    const patientId = randomUUID();
    await expect(lockForWrite(patientId)).rejects.toMatchObject({ code: PatientViewErrorCode.PatientUnknown, details: { patientId } });
    await register(patientId);
    await expect(lockForWrite(patientId)).resolves.toMatchObject({ patientId, status: 'active' });
  });

  it('names the end of a merge chain as the surviving record, and lets the service move data', async () => {
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    await register(first);
    // The survivor's registration may arrive after the merge (another partition): the merge alone makes it known.
    await merge(first, second);
    await merge(second, third);
    await register(third);
    await expect(lockForWrite(first)).rejects.toMatchObject({ code: PatientViewErrorCode.PatientSuperseded, details: { survivingPatientId: third } });
    await expect(lockForWrite(third)).resolves.toMatchObject({ status: 'active' });
    expect(merges).toEqual(expect.arrayContaining([
      { supersededPatientId: first, survivingPatientId: second },
      { supersededPatientId: second, survivingPatientId: third },
    ]));
  });

  it('moves the data of a merge handled after its survivor was superseded to the end of the chain', async () => {
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    // Identity merged first into second, then second into third; the partitions deliver the second merge first.
    await merge(second, third);
    await merge(first, second);
    expect(merges).toContainEqual({ supersededPatientId: second, survivingPatientId: third });
    expect(merges).toContainEqual({ supersededPatientId: first, survivingPatientId: third });
    expect(merges).not.toContainEqual({ supersededPatientId: first, survivingPatientId: second });
    await expect(lockForWrite(first)).rejects.toMatchObject({ code: PatientViewErrorCode.PatientSuperseded, details: { survivingPatientId: third } });
    await expect(dataSource.transaction((manager) => directory.lockCurrentRecordOf(manager, first))).resolves.toMatchObject({ patientId: third });
  });

  it('runs the death hook again for what a merge brings to a survivor who has died', async () => {
    const [duplicate, survivor] = [randomUUID(), randomUUID()];
    await register(survivor);
    await handle((ctx) => consumer.deceased({ metadata: metadata(survivor), dateOfDeath: 20_000, correction: false }, ctx));
    await merge(duplicate, survivor);
    const survivorDeaths = deaths.filter((death) => death.patientId === survivor);
    expect(survivorDeaths).toEqual([
      { patientId: survivor, dateOfDeath: '2024-10-04', correction: false },
      { patientId: survivor, dateOfDeath: '2024-10-04', correction: false },
    ]);
    expect(merges).toContainEqual({ supersededPatientId: duplicate, survivingPatientId: survivor });
  });

  it("takes a patient whose registration has not arrived as known when another service's event names it", async () => {
    const patientId = randomUUID();
    await expect(dataSource.transaction((manager) => directory.lockCurrentRecordOf(manager, patientId))).resolves.toMatchObject({ patientId, status: 'active' });
    await expect(lockForWrite(patientId)).resolves.toMatchObject({ status: 'active' });
  });

  it("follows a record that a merge moved to the survivor while its owner was being locked", async () => {
    const [duplicate, survivor] = [randomUUID(), randomUUID()];
    await register(duplicate);
    await register(survivor);
    await merge(duplicate, survivor);
    // The first read saw the record under the duplicate; the merge has since moved it.
    const owners = [duplicate, survivor];
    const locked = await dataSource.transaction((manager) => directory.lockOwnerOf(manager, async () => owners.shift() ?? null));
    expect(locked).toBe(survivor);
    await expect(dataSource.transaction((manager) => directory.lockOwnerOf(manager, async () => null))).resolves.toBeNull();
  });

  it('records a death, refusing the writes that must not follow one', async () => {
    const patientId = randomUUID();
    await register(patientId);
    await handle((ctx) => consumer.deceased({ metadata: metadata(patientId), dateOfDeath: 20_000, correction: false }, ctx));
    await expect(lockForWrite(patientId)).resolves.toMatchObject({ status: 'deceased', dateOfDeath: '2024-10-04' });
    await expect(lockForWrite(patientId, true)).rejects.toMatchObject({ code: PatientViewErrorCode.PatientDeceased, details: { dateOfDeath: '2024-10-04' } });
    expect(deaths).toContainEqual({ patientId, dateOfDeath: '2024-10-04', correction: false });
  });

  it('serialises writes for one patient: a second writer waits for the first to commit', async () => {
    const patientId = randomUUID();
    await register(patientId);
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstLocked!: () => void;
    const firstHasLock = new Promise<void>((resolve) => (firstLocked = resolve));
    const first = dataSource.transaction(async (manager) => {
      await directory.lockForWrite(manager, patientId);
      order.push('first locked');
      firstLocked();
      await firstHolds;
      order.push('first commits');
    });
    await firstHasLock;
    const second = dataSource.transaction(async (manager) => {
      await directory.lockForWrite(manager, patientId);
      order.push('second locked');
    });
    await eventually('the second writer waiting for the lock', () => waitingForLocks().then((waiting) => waiting === 1));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first commits', 'second locked']);
  });
});
