import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command';
import { cacheDir, workspaceRoot } from './workspace';

/** Apicurio 3.0.x is the newest 3.x line whose classes run on Java 17 (3.1+ needs Java 21). */
export const REGISTRY_VERSION = '3.0.9';

const pomPath = (): string => join(workspaceRoot(), 'libs/local-platform/maven/pom.xml');

export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomPath(), 'utf8'));
  if (!match) throw new Error(`kafka.version is missing from ${pomPath()}`);
  return match[1];
}

/** Folder of the broker's jars, resolved from Maven Central on first use. */
export async function kafkaClasspath(): Promise<string> {
  const dir = join(cacheDir(), `kafka-${kafkaVersion()}`);
  if (!existsSync(dir)) {
    await resolveInto(dir, (tmp) => ['-B', '-q', '-f', pomPath(), 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`]);
  }
  return join(dir, '*');
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
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`Fetching ${dir.split('/').pop()} from Maven Central (first run only)...\n`);
  await runCommand('mvn', mavenArgs(tmp));
  if (unpack) await unpack(tmp);
  renameSync(tmp, dir);
}
