import type { DomainEvent, SqlStatement } from '@care-events/transactional-messaging';
import { EventOutbox, Outcome, PatientCommand, PatientCreation, PatientLock, Transactions } from './patient-command';
import { PatientCommandHandler } from './patient-command.handler';

/** A patient's tally of visits: the smallest record whose changes can be lost or reordered. */
interface Tally {
  patientId: string;
  visits: number;
}

/** One open transaction: what it wrote, and what runs when it ends (lock release). */
interface Tx {
  tallies: Map<string, Tally>;
  events: DomainEvent[];
  onEnd: Array<() => void>;
}

/** A database of tallies and an outbox that commit together, or not at all. */
class InMemoryDatabase implements Transactions<Tx>, EventOutbox<Tx> {
  readonly tallies = new Map<string, Tally>();
  readonly outbox: DomainEvent[] = [];
  /** Statements outside a transaction need no transaction's state. */
  readonly manager: Tx = { tallies: new Map(), events: [], onEnd: [] };
  /** Round trips to the database, as a real one would count them. */
  statements = 0;

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tx: Tx = { tallies: new Map(), events: [], onEnd: [] };
    try {
      const result = await work(tx);
      tx.tallies.forEach((tally, id) => this.tallies.set(id, tally));
      this.outbox.push(...tx.events);
      return result;
    } finally {
      tx.onEnd.forEach((end) => end());
    }
  }

  async append(tx: Tx, events: DomainEvent[]): Promise<void> {
    await pause();
    this.statements++;
    tx.events.push(...events);
  }

  /** The one statement a creation runs: 'insert tally' of a new patient's tally, unique per patient, with its events. */
  async appendWith(_: Tx, statement: SqlStatement, events: DomainEvent[]): Promise<void> {
    await pause();
    this.statements++;
    const [tally] = statement.values as [Tally];
    if (this.tallies.has(tally.patientId)) throw new Error(`duplicate key: a tally of ${tally.patientId} exists`);
    this.tallies.set(tally.patientId, tally);
    this.outbox.push(...events);
  }

  async read(tx: Tx, patientId: string): Promise<Tally | undefined> {
    await pause();
    return tx.tallies.get(patientId) ?? this.tallies.get(patientId);
  }

  async write(tx: Tx, tally: Tally): Promise<void> {
    await pause();
    this.statements++;
    tx.tallies.set(tally.patientId, tally);
  }
}

/** One lock per patient, held until the transaction that took it ends; refuses the patients it is told to. */
class InMemoryPatientLock implements PatientLock<string, string, Tx> {
  readonly taken: string[] = [];
  private readonly held = new Map<string, Promise<void>>();

  constructor(private readonly refused = new Set<string>()) {}

  async lock(tx: Tx, patientId: string): Promise<string> {
    if (this.refused.has(patientId)) throw new Error(`patient ${patientId} may not be written for`);
    const previous = this.held.get(patientId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.held.set(patientId, previous.then(() => mine));
    tx.onEnd.push(release);
    await previous;
    this.taken.push(patientId);
    return patientId;
  }
}

const NOW = Date.parse('2026-01-01T09:00:00Z');
let eventIds = 0;

function visited({ patientId, visits }: Tally): DomainEvent {
  const metadata = {
    eventId: `e-${++eventIds}`, occurredAt: NOW, recordedAt: NOW, patientId,
    actor: { type: 'SYSTEM' as const, id: 'spec', odsCode: null }, correlationId: 'c-1', causationId: null,
  };
  return { type: 'care.events.spec.Visited', value: { metadata, visits } as DomainEvent['value'] };
}

function recordVisit(database: InMemoryDatabase, patientId: string, steps: string[] = []): PatientCommand<string, string, Tally, Tally, Tx> {
  return {
    lock: patientId,
    load: async (tx, locked) => {
      steps.push(`load ${locked}`);
      return (await database.read(tx, locked)) ?? { patientId, visits: 0 };
    },
    decide: (tally) => {
      steps.push('decide');
      const next = { patientId, visits: tally.visits + 1 };
      return { result: next, events: [visited(next)] };
    },
    save: async (tx, { result }) => {
      steps.push('save');
      await database.write(tx, result);
    },
  };
}

function firstVisit(patientId: string): PatientCreation<Tally> {
  return {
    decide: () => ({ result: { patientId, visits: 1 }, events: [visited({ patientId, visits: 1 })] }),
    insert: ({ result }) => ({ text: 'insert tally', values: [result] }),
  };
}

describe('PatientCommandHandler', () => {
  let database: InMemoryDatabase;
  let lock: InMemoryPatientLock;
  let handler: PatientCommandHandler<string, string, Tx>;

  beforeEach(() => {
    database = new InMemoryDatabase();
    lock = new InMemoryPatientLock(new Set(['p-refused']));
    handler = new PatientCommandHandler(database, database, lock);
  });

  it('locks the patient, loads under the lock, decides, then saves the change and its events together', async () => {
    const steps: string[] = [];
    const result = await handler.handle(recordVisit(database, 'p-1', steps));

    expect(result).toEqual({ patientId: 'p-1', visits: 1 });
    expect(lock.taken).toEqual(['p-1']);
    expect(steps).toEqual(['load p-1', 'decide', 'save']);
    expect(database.tallies.get('p-1')).toEqual({ patientId: 'p-1', visits: 1 });
    expect(database.outbox.map((event) => event.value)).toEqual([expect.objectContaining({ visits: 1, metadata: expect.objectContaining({ patientId: 'p-1' }) })]);
  });

  it('leaves nothing behind when the decision refuses', async () => {
    const refusing = { ...recordVisit(database, 'p-1'), decide: (): Outcome<Tally> => { throw new Error('the rule says no'); } };

    await expect(handler.handle(refusing)).rejects.toThrow('the rule says no');
    expect(database.tallies.size).toBe(0);
    expect(database.outbox).toEqual([]);
  });

  it('stores no change when its events cannot be appended', async () => {
    const failingOutbox: EventOutbox<Tx> = { append: () => Promise.reject(new Error('event fails its schema')), appendWith: () => Promise.reject(new Error('unused')) };
    handler = new PatientCommandHandler(database, failingOutbox, lock);

    await expect(handler.handle(recordVisit(database, 'p-1'))).rejects.toThrow('event fails its schema');
    expect(database.tallies.size).toBe(0);
  });

  it('neither loads nor writes for a patient the lock refuses', async () => {
    const steps: string[] = [];

    await expect(handler.handle(recordVisit(database, 'p-refused', steps))).rejects.toThrow('may not be written for');
    expect(steps).toEqual([]);
    expect(database.outbox).toEqual([]);
  });

  it('saves nothing and answers the current state when the decision changes nothing', async () => {
    await handler.handle(recordVisit(database, 'p-1'));
    const steps: string[] = [];
    const unchanged = { ...recordVisit(database, 'p-1', steps), decide: (tally: Tally) => ({ result: tally, events: [] }) };

    expect(await handler.handle(unchanged)).toEqual({ patientId: 'p-1', visits: 1 });
    expect(steps).toEqual(['load p-1']);
    expect(database.outbox).toHaveLength(1);
  });

  it('runs a command that needs no state without loading', async () => {
    const create: PatientCommand<string, string, unknown, Tally, Tx> = {
      lock: 'p-2',
      decide: () => ({ result: { patientId: 'p-2', visits: 7 }, events: [visited({ patientId: 'p-2', visits: 7 })] }),
      save: (tx, { result }) => database.write(tx, result),
    };

    expect(await handler.handle(create)).toEqual({ patientId: 'p-2', visits: 7 });
    expect(database.tallies.get('p-2')?.visits).toBe(7);
  });

  it("creates a patient's first tally and its event in one statement, locking and loading nothing", async () => {
    const result = await handler.create(firstVisit('p-3'));

    expect(result).toEqual({ patientId: 'p-3', visits: 1 });
    expect(database.statements).toBe(1);
    expect(lock.taken).toEqual([]);
    expect(database.tallies.get('p-3')).toEqual({ patientId: 'p-3', visits: 1 });
    expect(database.outbox.map((event) => event.value.metadata.patientId)).toEqual(['p-3']);
  });

  it('writes neither the row nor an event for a creation the rule refuses or the statement fails', async () => {
    await handler.create(firstVisit('p-3'));
    const refused = { ...firstVisit('p-4'), decide: (): Outcome<Tally> => { throw new Error('the rule says no'); } };

    await expect(handler.create(refused)).rejects.toThrow('the rule says no');
    await expect(handler.create(firstVisit('p-3'))).rejects.toThrow('duplicate key');
    expect([...database.tallies.keys()]).toEqual(['p-3']);
    expect(database.outbox).toHaveLength(1);
  });

  it("serialises one patient's concurrent commands: none is lost and their events keep the order of their changes", async () => {
    const commands = Array.from({ length: 25 }, () => handler.handle(recordVisit(database, 'p-1')));
    await Promise.all(commands);

    expect(database.tallies.get('p-1')?.visits).toBe(25);
    expect(database.outbox.map((event) => (event.value as unknown as Tally).visits)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("does not make one patient's command wait for another patient's lock", async () => {
    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => (releaseFirst = resolve));
    const slow = { ...recordVisit(database, 'p-1'), load: async () => { await held; return { patientId: 'p-1', visits: 0 }; } };
    const first = handler.handle(slow);

    expect(await handler.handle(recordVisit(database, 'p-2'))).toEqual({ patientId: 'p-2', visits: 1 });
    releaseFirst();
    expect(await first).toEqual({ patientId: 'p-1', visits: 1 });
  });
});

/** Lets other commands run between two steps, as a database round trip would. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
