import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startJava, waitUntilReady } from './java-process';
import { registryJar } from './maven-artifacts';

export interface RegistryOptions {
  dir: string;
  port: number;
  /** JDBC URL of a PostgreSQL database to keep schemas across restarts; in memory when absent. */
  jdbcUrl?: string;
  jdbcUser?: string;
  jdbcPassword?: string;
}

export interface RunningRegistry {
  /** Base of the Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  url: string;
  stop(): Promise<void>;
}

/** Apicurio Registry serving the Confluent-compatible API at /apis/ccompat/v7. */
export async function startSchemaRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const jar = await registryJar();
  mkdirSync(options.dir, { recursive: true });
  const url = `http://127.0.0.1:${options.port}/apis/ccompat/v7`;
  const java = startJava('Schema registry', [
    '-Xmx384m',
    `-Dquarkus.http.port=${options.port}`,
    '-Dquarkus.http.host=127.0.0.1',
    '-Dquarkus.log.level=WARN',
    ...storageFlags(options),
    '-jar', jar,
  ], join(options.dir, 'registry.log'), options.dir);
  await waitUntilReady(java, async () => (await fetch(`${url}/subjects`)).ok, 120_000);
  return { url, stop: () => java.stop() };
}

function storageFlags({ jdbcUrl, jdbcUser, jdbcPassword }: RegistryOptions): string[] {
  if (!jdbcUrl) return [];
  return [
    '-Dapicurio.storage.kind=sql',
    '-Dapicurio.storage.sql.kind=postgresql',
    `-Dapicurio.datasource.url=${jdbcUrl}`,
    `-Dapicurio.datasource.username=${jdbcUser ?? 'postgres'}`,
    `-Dapicurio.datasource.password=${jdbcPassword ?? ''}`,
  ];
}
