import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port';
import { PostgresServer, startEmbeddedPostgres } from '../postgres-server';

/**
 * A PostgreSQL server with wal_level=logical, for change data capture (a Debezium connector reads its
 * write-ahead log through a replication slot): embedded, on a free port, in a temporary folder removed on
 * stop, so the machine's own server is left as it is.
 */
export async function startLogicalPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'logical-postgres-'));
  // The server runs as the 'postgres' user, which must reach its data folder inside this one.
  chmodSync(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dir: join(dir, 'data'), port: await freePort(), persistent: false, postgresFlags: ['-c', 'wal_level=logical'] });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
