import { Client } from 'pg';

/** One active relay per service database: the holder of a session advisory lock publishes, others stand by. */
export interface RelayLeadership {
  /**
   * The leadership epoch while this process holds the lock (tries to take it when not), null when
   * another relay leads. Rows are marked sent only under the current epoch.
   */
  acquire(): Promise<string | null>;
  /** Resolves on the next outbox notification, or after the fallback poll interval. */
  waitForWork(maxWaitMs: number): Promise<void>;
  /** Stands down: closes the lock's connection, which releases the lock. */
  release(): Promise<void>;
}

export interface PgRelayLeadershipOptions {
  /** How often the lock connection is proven alive; a failed check stands the relay down. */
  livenessIntervalMs?: number;
  /** Bound on connecting and on every statement of the lock connection. */
  timeoutMs?: number;
}

// Any constant works; it only has to be the same for every replica of every service.
const RELAY_LOCK_KEY = 727_001;

/**
 * The lock lives on a dedicated connection, so it is released by PostgreSQL itself if the
 * process dies. TCP keepalives on both ends and a periodic check bound how long a dead node or a
 * dead connection can hold it. The same connection LISTENs for the insert trigger's notifications.
 */
export class PgRelayLeadership implements RelayLeadership {
  private client?: Client;
  private epoch: string | null = null;
  private liveness?: NodeJS.Timeout;
  private wake?: () => void;
  /** A notification came while the relay was not waiting (it may have been reading rows just then). */
  private notified = false;

  constructor(private readonly databaseUrl: string, private readonly options: PgRelayLeadershipOptions = {}) {}

  async acquire(): Promise<string | null> {
    if (this.epoch) return this.epoch;
    const client = await this.connect();
    const [row] = (await client.query('select pg_try_advisory_lock($1) as locked', [RELAY_LOCK_KEY])).rows;
    if (row.locked !== true) return null;
    try {
      // A new epoch fences off every earlier leader still holding a batch.
      const [lead] = (await client.query('update relay_leadership set epoch = epoch + 1 returning epoch::text as epoch')).rows;
      await client.query('listen outbox_message');
      this.epoch = lead.epoch as string;
    } catch (error) {
      await this.release();
      throw error;
    }
    this.watch(client);
    return this.epoch;
  }

  waitForWork(maxWaitMs: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
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
    clearInterval(this.liveness);
    const client = this.client;
    this.client = undefined;
    this.epoch = null;
    await client?.end().catch(() => undefined);
  }

  private watch(client: Client): void {
    clearInterval(this.liveness);
    this.liveness = setInterval(() => {
      client.query('select 1').catch(() => {
        if (this.client === client) void this.release();
      });
    }, this.options.livenessIntervalMs ?? 5_000);
    this.liveness.unref();
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'outbox-relay',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      idle_in_transaction_session_timeout: timeoutMs,
      // The server probes the client too, so a vanished node's session (and lock) ends within ~25 s.
      options: '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3',
    });
    client.on('notification', () => {
      if (this.wake) this.wake();
      else this.notified = true;
    });
    // A lost connection means a lost lock: stand down and let acquire() reconnect.
    client.on('error', () => {
      if (this.client === client) void this.release();
    });
    client.on('end', () => {
      if (this.client === client) void this.release();
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }
}
