/**
 * CPU time by process group between two moments, read from /proc (Linux): where the machine's two
 * cores went during a bench step. A process started between the samples (a pool's new database
 * session) counts whole; one that exits between them is not counted, so the groups are sampled
 * around steps whose processes live through them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The command line as the process shows it (PostgreSQL backends show their database there). */
  title: string;
}

/** The group a process is counted in, or undefined to leave it out. */
export type Classifier = (process: ProcessInfo, isDescendantOfBench: boolean) => string | undefined;

export interface CpuSample {
  at: number;
  /** CPU milliseconds used so far, by pid, with the group each pid is counted in. */
  byPid: Map<number, { group: string; ms: number }>;
}

export function sampleCpu(classify: Classifier): CpuSample {
  const processes = readProcesses();
  const descendants = descendantsOf(process.pid, processes);
  const byPid = new Map<number, { group: string; ms: number }>();
  for (const info of processes.values()) {
    const group = classify(info, info.pid === process.pid || descendants.has(info.pid));
    const ms = group === undefined ? undefined : cpuMs(info.pid);
    if (group !== undefined && ms !== undefined) byPid.set(info.pid, { group, ms });
  }
  return { at: performance.now(), byPid };
}

/** CPU milliseconds each group used from `before` to `after` (processes alive at `after`). */
export function cpuBetween(before: CpuSample, after: CpuSample): Map<string, number> {
  const used = new Map<string, number>();
  for (const [pid, { group, ms }] of after.byPid) used.set(group, (used.get(group) ?? 0) + ms - (before.byPid.get(pid)?.ms ?? 0));
  return used;
}

/** "identity 1.10 ms, PostgreSQL 0.92 ms, ... per registration; 2 cores 78 % busy" */
export function describeCpuPer(used: Map<string, number>, count: number, seconds: number, what: string): string {
  const total = [...used.values()].reduce((sum, ms) => sum + ms, 0);
  const parts = [...used].sort(([, a], [, b]) => b - a).map(([group, ms]) => `${group} ${(ms / count).toFixed(2)} ms`);
  const cores = availableParallelism();
  return `CPU per ${what}: ${parts.join(', ')} (together ${(total / count).toFixed(2)} ms); these used ${((100 * total) / (seconds * 1000 * cores)).toFixed(0)} % of ${cores} cores`;
}

function readProcesses(): Map<number, ProcessInfo> {
  const processes = new Map<number, ProcessInfo>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrUndefined(`/proc/${entry}/stat`);
    const title = readOrUndefined(`/proc/${entry}/cmdline`);
    if (stat === undefined || title === undefined) continue;
    // The command name in stat is parenthesised and may hold spaces: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), title: title.replace(/\0/g, ' ').trim() });
  }
  return processes;
}

function descendantsOf(root: number, processes: Map<number, ProcessInfo>): Set<number> {
  const found = new Set<number>();
  let added = true;
  while (added) {
    added = false;
    for (const info of processes.values()) {
      if (!found.has(info.pid) && (info.ppid === root || found.has(info.ppid))) {
        found.add(info.pid);
        added = true;
      }
    }
  }
  return found;
}

function cpuMs(pid: number): number | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat; here, after pid and comm, at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
