import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { createThrowawayDatabase, eventually, ThrowawayDatabase } from '@care-events/local-platform';
import { GapReport, IdentityEventType, PostgresEventStore, subscribe, Subscription } from '../src';
import { brokers, CopyFeed, numbered, patientRegistered, quietLog, registryUrl } from './copy-feed';

describe('PostgresEventStore with subscribe() against the real broker, registry and PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let pool: Pool;
  let feed: CopyFeed;
  const subscriptions: Subscription[] = [];
  const stores: PostgresEventStore[] = [];
  const groupId = `subscriber-pg-test-${randomUUID()}`;
  const gaps: GapReport[] = [];
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    database = await createThrowawayDatabase('subscriber');
    pool = new Pool({ connectionString: database.url, max: 4 });
    await pool.query('create table filed (event_id uuid primary key, family text not null, event_number int not null)');
    feed = await CopyFeed.create();
  });

  afterAll(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await Promise.all(stores.map((store) => store.close()));
    await feed?.close();
    await pool?.end();
    await database?.drop();
  });

  /** A subscriber process: its own store (own pool when given a connection string) over the one database. */
  const startProcess = async (store: PostgresEventStore<PoolClient> | PostgresEventStore) => {
    const subscription = await subscribe({
      odsCode: feed.odsCode,
      brokers: brokers(),
      registryUrl: registryUrl(),
      groupId,
      store,
      log: quietLog,
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 20 },
      onGap: (gap) => void gaps.push(gap),
      handlers: {
        [IdentityEventType.PatientRegistered]: async (event, { transaction, eventId, eventNumber }) => {
          const family = event.name.family;
          attempts.set(family, (attempts.get(family) ?? 0) + 1);
          await transaction.query('insert into filed (event_id, family, event_number) values ($1, $2, $3)', [eventId, family, eventNumber]);
          if (family === 'Flaky' && attempts.get(family) === 1) throw new Error('flaky once');
          if (family === 'Poison') throw new Error('always fails');
          if (family === 'Swallowed') await transaction.query('select 1/0').catch(() => undefined);
        },
      },
    });
    subscriptions.push(subscription);
    return subscription;
  };

  const filed = async () => (await pool.query('select family, event_number from filed order by event_number')).rows;
  const taken = async () => (await pool.query('select event_number, outcome from care_subscriber_event where group_id = $1 order by event_number', [groupId])).rows;

  it("commits the handler's writes with the record of the event, and a failed attempt leaves neither", async () => {
    const store = new PostgresEventStore<PoolClient>({ pool });
    const subscription = await startProcess(store);
    await feed.publish(numbered(1, [patientRegistered('Plain'), patientRegistered('Flaky'), patientRegistered('Poison'), patientRegistered('Swallowed'), patientRegistered('Last')]));
    await eventually('five events taken', async () => (await taken()).length === 5);

    expect(await filed()).toEqual([
      { family: 'Plain', event_number: 1 },
      { family: 'Flaky', event_number: 2 },
      { family: 'Last', event_number: 5 },
    ]);
    expect(await taken()).toEqual([
      { event_number: '1', outcome: 'handled' },
      { event_number: '2', outcome: 'handled' },
      { event_number: '3', outcome: 'dead-lettered' },
      { event_number: '4', outcome: 'dead-lettered' },
      { event_number: '5', outcome: 'handled' },
    ]);
    expect(attempts.get('Flaky')).toBe(2);
    expect(await store.lastEventNumber(groupId, feed.subscriptionId)).toBe(5);
    const deadLetters = await feed.read(subscription.status().deadLetterTopic, 2);
    expect(deadLetters.map((m) => [m.headers.ce_eventnumber, m.headers.dlq_error_type])).toEqual([['3', 'Error'], ['4', 'TransactionAbortedError']]);
    await subscription.stop();
  });

  it('skips copies sent again to a new process, which resumes the position and reports a gap after it', async () => {
    const store = new PostgresEventStore({ connectionString: database.url });
    stores.push(store);
    const subscription = await startProcess(store);
    const [plain, flaky] = (await feed.read(feed.topic, 2)).map((m) => m.headers.ce_id);
    expect([plain, flaky]).toHaveLength(2);
    const resent = numbered(1, [patientRegistered('Plain again'), patientRegistered('Flaky again')]).map((copy, i) => ({
      ...copy,
      event: { ...copy.event, metadata: { ...copy.event.metadata, eventId: [plain, flaky][i] } },
    }));
    await feed.publish([...resent, ...numbered(7, [patientRegistered('Seventh')])]);
    await eventually('the seventh event filed', async () => (await filed()).some((row) => row.family === 'Seventh'));

    expect(subscription.status()).toMatchObject({ handled: 1, duplicatesSkipped: 2 });
    expect((await filed()).map((row) => row.family)).toEqual(['Plain', 'Flaky', 'Last', 'Seventh']);
    expect(gaps).toEqual([expect.objectContaining({ expected: 6, received: 7, subscriptionId: feed.subscriptionId })]);
    expect(await store.lastEventNumber(groupId, feed.subscriptionId)).toBe(7);
  });
});
