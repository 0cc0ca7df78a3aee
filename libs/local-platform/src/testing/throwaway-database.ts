import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../postgres-server';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the test server, so that suites never see each other's rows. */
export async function createThrowawayDatabase(prefix = 'test'): Promise<ThrowawayDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set: run tests through jest globalSetup (npm test)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, name);
  return { url, drop: () => dropDatabase(adminUrl, name) };
}
