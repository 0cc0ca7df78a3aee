import { Pool } from 'pg';
import { EventStore, SeenEvent, StoreTransaction } from './event-store';
import { SubscriberConfigError, TransactionAbortedError } from './subscriber-errors';

/** The part of a node-postgres client the store uses; handlers receive the whole client of the pool. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null; command: string }>;
}

/** A node-postgres Pool (or one with the same connect/release), e.g. the one your application already has. */
export interface SqlPool<C extends SqlClient> {
  connect(): Promise<C & { release(error?: Error | boolean): void }>;
  end?(): Promise<void>;
}

export interface PostgresEventStoreOptions<C extends SqlClient> {
  /** A pool of your own; handlers then write with its clients, in the store's transaction. */
  pool?: SqlPool<C>;
  /** Or a connection string: the store makes (and closes) its own pool. */
  connectionString?: string;
  /** Prefix of the store's two tables (default care_subscriber: care_subscriber_position, care_subscriber_event). */
  tablePrefix?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Keeps taken eventIds and each subscription's position in PostgreSQL, in the transaction the
 * handler runs in: a handler that writes through `context.transaction` commits its writes and the
 * record of the event together, so after a crash an event is either fully handled or not at all.
 * Creates its tables on first use.
 */
export class PostgresEventStore<C extends SqlClient = SqlClient> implements EventStore<C> {
  private readonly pool: SqlPool<C>;
  private readonly ownsPool: boolean;
  private readonly positions: string;
  private readonly events: string;
  private schema?: Promise<void>;

  constructor(options: PostgresEventStoreOptions<C>) {
    const prefix = options.tablePrefix ?? 'care_subscriber';
    if (!IDENTIFIER.test(prefix)) throw new SubscriberConfigError('tablePrefix', `"${prefix}" must be a lower-case SQL identifier of at most 41 characters`);
    this.positions = `${prefix}_position`;
    this.events = `${prefix}_event`;
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else if (options.connectionString) {
      this.pool = new Pool({ connectionString: options.connectionString, max: 4 }) as unknown as SqlPool<C>;
      this.ownsPool = true;
    } else {
      throw new SubscriberConfigError('pool', 'give a pg Pool or a connectionString');
    }
  }

  /** Creates the tables if they are missing; transaction() does it on first use. */
  ensureSchema(): Promise<void> {
    if (!this.schema) {
      const creating = this.createSchema();
      this.schema = creating;
      creating.catch(() => {
        if (this.schema === creating) this.schema = undefined;
      });
    }
    return this.schema;
  }

  async transaction<T>(groupId: string, subscriptionId: string, work: (tx: StoreTransaction<C>) => Promise<T>): Promise<T> {
    await this.ensureSchema();
    return this.inTransaction(async (client) => {
      await client.query(`insert into ${this.positions} (group_id, subscription_id) values ($1, $2) on conflict do nothing`, [groupId, subscriptionId]);
      const { rows } = await client.query(`select last_event_number from ${this.positions} where group_id = $1 and subscription_id = $2 for update`, [groupId, subscriptionId]);
      const last = rows[0]?.last_event_number;
      return work({
        lastEventNumber: last === null || last === undefined ? null : Number(last),
        client,
        seen: async (eventId, eventNumber): Promise<SeenEvent> => {
          const { rows: [seen] } = await afterHandler(client,
            `select exists (select 1 from ${this.events} where group_id = $1 and event_id = $2) as by_id,
                    exists (select 1 from ${this.events} where group_id = $1 and subscription_id = $3 and event_number = $4) as by_number`,
            [groupId, eventId, subscriptionId, eventNumber],
          );
          return { eventId: seen.by_id === true, eventNumber: seen.by_number === true };
        },
        record: async (eventId, eventNumber, outcome, position) => {
          await afterHandler(
            client,
            `insert into ${this.events} (group_id, event_id, subscription_id, event_number, outcome) values ($1, $2, $3, $4, $5)`,
            [groupId, eventId, subscriptionId, eventNumber, outcome],
          );
          await afterHandler(client, `update ${this.positions} set last_event_number = $3, updated_at = now() where group_id = $1 and subscription_id = $2`, [groupId, subscriptionId, position]);
        },
      });
    });
  }

  async lastEventNumber(groupId: string, subscriptionId: string): Promise<number | null> {
    await this.ensureSchema();
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query(`select last_event_number from ${this.positions} where group_id = $1 and subscription_id = $2`, [groupId, subscriptionId]);
      const last = rows[0]?.last_event_number;
      return last === null || last === undefined ? null : Number(last);
    } finally {
      client.release();
    }
  }

  /** Ends the pool the store made from a connection string; a pool you passed stays yours to end. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end?.();
  }

  private async createSchema(): Promise<void> {
    await this.inTransaction(async (client) => {
      // Two subscribers starting together must not both create the tables.
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [this.events]);
      await client.query(`create table if not exists ${this.positions} (
        group_id text not null,
        subscription_id text not null,
        last_event_number bigint,
        updated_at timestamptz not null default now(),
        primary key (group_id, subscription_id))`);
      await client.query(`create table if not exists ${this.events} (
        group_id text not null,
        event_id text not null,
        subscription_id text not null,
        event_number bigint not null,
        outcome text not null,
        taken_at timestamptz not null default now(),
        primary key (group_id, event_id),
        unique (group_id, subscription_id, event_number))`);
    });
  }

  private async inTransaction<T>(work: (client: C) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await work(client);
      const commit = await client.query('commit');
      // PostgreSQL answers COMMIT of a transaction a failed statement aborted with ROLLBACK, not an error.
      if (commit.command === 'ROLLBACK') throw new TransactionAbortedError(ABORTED);
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

const ABORTED = 'the transaction was aborted by a statement that failed in the handler, which went on as if it had not';

/** A statement the store runs in the handler's transaction: one the handler left aborted is the event's fault, not the database's. */
async function afterHandler(client: SqlClient, text: string, values: unknown[]) {
  try {
    return await client.query(text, values);
  } catch (error) {
    if ((error as { code?: unknown }).code === '25P02') throw new TransactionAbortedError(ABORTED);
    throw error;
  }
}
