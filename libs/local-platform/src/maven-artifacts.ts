import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCommand } from './run-command';
import { cacheDir, workspaceRoot } from './workspace';

/** Apicurio 3.0.x is the newest 3.x line whose classes run on Java 17 (3.1+ needs Java 21). */
export const REGISTRY_VERSION = '3.0.9';

const pomPath = (folder = ''): string => join(workspaceRoot(), 'libs/local-platform/maven', folder, 'pom.xml');

function pomProperty(pom: string, name: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(readFileSync(pom, 'utf8'));
  if (!match) throw new Error(`${name} is missing from ${pom}`);
  return match[1];
}

export const kafkaVersion = (): string => pomProperty(pomPath(), 'kafka.version');
export const icebergVersion = (): string => pomProperty(pomPath('iceberg-sink'), 'iceberg.version');
export const connectConverterVersion = (): string => pomProperty(pomPath('apicurio-converter'), 'converter.version');
export const debeziumVersion = (): string => pomProperty(pomPath('debezium-postgres'), 'debezium.version');

/** Folder of the broker's jars, resolved from Maven Central on first use. */
export async function kafkaClasspath(): Promise<string> {
  const dir = join(cacheDir(), `kafka-${kafkaVersion()}`);
  if (!existsSync(dir)) {
    await resolveInto(dir, (tmp) => ['-B', '-q', '-f', pomPath(), 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`]);
  }
  return join(dir, '*');
}

/** Kafka Connect's worker jars, from the broker's Kafka release, resolved on first use. */
export async function connectClasspath(): Promise<string> {
  const dir = join(cacheDir(), `kafka-connect-${kafkaVersion()}`);
  if (!existsSync(dir)) await copyDependencies(dir, 'kafka-connect', [`-Dkafka.version=${kafkaVersion()}`]);
  return join(dir, '*');
}

/**
 * A plugin.path folder holding one folder per plugin (the Iceberg sink, the Avro converter), each
 * loaded by Connect in a class loader of its own; named after both versions, so it holds no other.
 */
export async function connectPluginPath(): Promise<string> {
  const dir = join(cacheDir(), `connect-plugins-iceberg-${icebergVersion()}-apicurio-${connectConverterVersion()}`);
  for (const plugin of ['iceberg-sink', 'apicurio-converter']) {
    if (!existsSync(join(dir, plugin))) await copyDependencies(join(dir, plugin), plugin, []);
  }
  return dir;
}

/** A plugin.path folder holding Debezium's PostgreSQL connector (with its Outbox Event Router), named after its version. */
export async function debeziumPluginPath(): Promise<string> {
  const dir = join(cacheDir(), `connect-plugins-debezium-${debeziumVersion()}`);
  if (!existsSync(join(dir, 'debezium-postgres'))) await copyDependencies(join(dir, 'debezium-postgres'), 'debezium-postgres', []);
  return dir;
}

function copyDependencies(dir: string, pomFolder: string, properties: string[]): Promise<void> {
  return resolveInto(dir, (tmp) => [
    '-B', '-q', '-f', pomPath(pomFolder), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`, ...properties,
  ]);
}

/** Path of the registry's runnable jar, fetched and unpacked on first use. */
export async function registryJar(): Promise<string> {
  const dir = join(cacheDir(), `apicurio-registry-${REGISTRY_VERSION}`);
  if (!existsSync(dir)) {
    await resolveInto(dir, (tmp) => [
      '-B', '-q', '-f', pomPath(), 'dependency:copy',
      `-Dartifact=io.apicurio:apicurio-registry-app:${REGISTRY_VERSION}:tar.gz:all`,
      `-DoutputDirectory=${tmp}`,
    ], async (tmp) => {
      const archive = readdirSync(tmp).find((name) => name.endsWith('.tar.gz'));
      if (!archive) throw new Error(`Maven fetched no registry archive into ${tmp}`);
      await runCommand('tar', ['xzf', archive], tmp);
      rmSync(join(tmp, archive));
    });
  }
  const jar = readdirSync(dir).find((name) => name.endsWith('-runner.jar'));
  if (!jar) throw new Error(`No *-runner.jar in ${dir}: the registry archive layout changed`);
  return join(dir, jar);
}

/** Resolves into a temporary folder and renames it, so an interrupted download never looks complete. */
async function resolveInto(dir: string, mavenArgs: (tmp: string) => string[], unpack?: (tmp: string) => Promise<void>) {
  const tmp = `${dir}.partial`;
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`Fetching ${dir.split('/').pop()} from Maven Central (first run only)...\n`);
  await runCommand('mvn', mavenArgs(tmp));
  if (unpack) await unpack(tmp);
  renameSync(tmp, dir);
}
