import { join } from 'node:path';

export interface Result {
  scenario: string;
  count: number;
  seconds: number;
  perSecond: number;
  latencies?: { p50: number; p95: number; p99: number };
  /** What the scenario verified, printed under the table. */
  outcome?: string;
}

/**
 * Settings that profile a service process the bench starts when the variable names a folder
 * (`<VARIABLE>=<dir>`: the profile is written there when the process stops), none otherwise.
 */
export function cpuProfileSettings(variable: string): Record<string, string> {
  const dir = process.env[variable];
  return dir ? { NODE_OPTIONS: `-r ${join(__dirname, 'cpu-profile.js')}`, CPU_PROFILE_DIR: dir } : {};
}

export const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

export function intArg(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** `--name=a,b,c` as a list; the fallback when absent. */
export function listArg(name: string, fallback: string[]): string[] {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const values = arg.slice(name.length + 3).split(',').map((value) => value.trim()).filter(Boolean);
  const unknown = values.filter((value) => !fallback.includes(value));
  if (values.length === 0 || unknown.length > 0) throw new Error(`--${name} takes some of ${fallback.join(', ')}${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
  return values;
}

/** `--name=1,2,3` as positive integers; the fallback when absent. */
export function intListArg(name: string, fallback: number[]): number[] {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const values = arg.slice(name.length + 3).split(',').map((value) => Number(value.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value <= 0)) throw new Error(`--${name} must be a comma-separated list of positive integers`);
  return values;
}

export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { p50: at(50), p95: at(95), p99: at(99) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

/** Runs task(0) .. task(count - 1) with at most `concurrency` in flight; the results keep the index order. */
export async function inPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
