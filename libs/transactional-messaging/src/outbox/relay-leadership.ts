import { Client } from 'pg';

/** One active relay per service database: the holder of a session advisory lock publishes, others stand by. */
export interface RelayLeadership {
  /** True while this process holds the lock; tries to take it when not. */
  acquire(): Promise<boolean>;
  /** Resolves on the next outbox notification, or after the fallback poll interval. */
  waitForWork(maxWaitMs: number): Promise<void>;
  release(): Promise<void>;
}

// Any constant works; it only has to be the same for every replica of every service.
const RELAY_LOCK_KEY = 727_001;

/**
 * The lock lives on a dedicated connection, so it is released by PostgreSQL itself if the
 * process dies. The same connection LISTENs for the insert trigger's notifications.
 */
export class PgRelayLeadership implements RelayLeadership {
  private client?: Client;
  private leader = false;
  private wake?: () => void;

  constructor(private readonly databaseUrl: string) {}

  async acquire(): Promise<boolean> {
    if (this.leader) return true;
    const client = await this.connect();
    const [row] = (await client.query('select pg_try_advisory_lock($1) as locked', [RELAY_LOCK_KEY])).rows;
    this.leader = row.locked === true;
    if (this.leader) await client.query('listen outbox_message');
    return this.leader;
  }

  waitForWork(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.wake = done;
    });
  }

  async release(): Promise<void> {
    this.wake?.();
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'outbox-relay' });
    client.on('notification', () => this.wake?.());
    // A lost connection means a lost lock: stand down and let acquire() reconnect.
    client.on('error', () => void this.release());
    client.on('end', () => {
      if (this.client === client) void this.release();
    });
    await client.connect();
    this.client = client;
    return client;
  }
}
