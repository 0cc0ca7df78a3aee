import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../free-port';
import { declaredServices } from '../provisioning';
import { serviceNodeArguments } from '../service-command';
import { endsWithThisProcess } from './child-lifetime';
import { workspaceRoot } from '../workspace';
import { testInstanceSettings } from './test-instance-settings';
import { createThrowawayDatabase, ThrowawayDatabase } from './throwaway-database';

export interface ServiceProcess {
  url: string;
  database: ThrowawayDatabase;
  stop(): Promise<void>;
  /** SIGKILL, as a crash: no shutdown runs, nothing is drained; the database stays for a successor. */
  kill(): Promise<void>;
  /** What the process wrote so far: stderr, and with `captureOutput` its stdout (the JSON log lines) too. */
  output(): string;
}

export interface ServiceProcessOptions {
  /** The database to run on, e.g. a killed predecessor's; the caller drops it. */
  database?: ThrowawayDatabase;
  /** Keeps stdout for `output()`, e.g. to read the logs; otherwise it is dropped, as a long run would fill memory. */
  captureOutput?: boolean;
}

/**
 * Another service of the platform as its own process, started the way `npm start` starts it, on
 * this test run's broker and registry with a throwaway database: tests that cross services use
 * the other service's HTTP API and events only, never its code.
 */
export async function startServiceProcess(name: string, env: Record<string, string> = {}, options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
  const entry = declaredServices().find((service) => service.name === name);
  if (!entry) throw new Error(`deploy/services.json declares no service "${name}"`);
  const database = options.database ?? (await createThrowawayDatabase(name.replace(/-/g, '_')));
  const port = await freePort();
  const settings = await testInstanceSettings(name, database.url, env);
  const child = endsWithThisProcess(spawn(process.execPath, serviceNodeArguments(entry.entry), {
    cwd: workspaceRoot(),
    env: { ...process.env, PORT: String(port), ...settings },
    stdio: ['ignore', options.captureOutput ? 'pipe' : 'ignore', 'pipe'],
  }));
  const stderr: string[] = [];
  const written: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    written.push(chunk.toString());
  });
  child.stdout?.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    if (!options.database) await database.drop();
  };
  const kill = () => killChild(child);
  try {
    await waitForReady(url, child, stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, database, stop, kill, output: () => written.join('') };
}

async function waitForReady(url: string, child: ChildProcess, stderr: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${stderr.join('').slice(-2_000)}`);
    const ready = await fetch(`${url}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`service at ${url} was not ready within 60 s: ${stderr.join('').slice(-2_000)}`);
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
