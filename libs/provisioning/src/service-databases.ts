import { Client } from 'pg';
import { declaredServices, ServiceEntry, serviceDatabaseName } from './declared-services';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the database if it does not exist yet (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  await withClient(adminUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database}"`).catch(ignoreDuplicate);
  });
  return withDatabase(adminUrl, database);
}

/** One database per service on the server (design brief: no service reads another's tables). */
export async function ensureServiceDatabases(adminUrl: string, services: ServiceEntry[] = declaredServices()): Promise<void> {
  for (const service of services) await ensureDatabase(adminUrl, serviceDatabaseName(service));
}

/** One connection for `work`, closed after it whatever happens. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function ignoreDuplicate(error: { code?: string }) {
  // Two processes may race to create the same database; the loser's 42P04 is harmless.
  if (error.code !== '42P04') throw error;
}

/** A connection URL fit to print: the password replaced by ***. */
export const redactPassword = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
