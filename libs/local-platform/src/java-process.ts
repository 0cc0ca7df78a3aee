import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface JavaProcess {
  readonly name: string;
  readonly logFile: string;
  exited(): boolean;
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-request, as in a crash or an out-of-memory kill. */
  kill(): Promise<void>;
  /** SIGSTOP: the process stops answering but keeps its connections open, as in a long GC pause. */
  suspend(): void;
}

/**
 * Starts a JVM with its output in a log file; stop() sends SIGTERM for a clean shutdown, then SIGKILL.
 * `env` adds variables to this process's own, e.g. those a config file names as ${env:NAME}.
 */
export function startJava(name: string, args: string[], logFile: string, cwd?: string, env?: Record<string, string>): JavaProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.env.JAVA ?? 'java', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  const done = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  child.on('error', () => (exited = true));
  return {
    name,
    logFile,
    exited: () => exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(killer);
    },
    async kill() {
      if (exited) return;
      child.kill('SIGKILL');
      await done;
    },
    suspend() {
      if (!exited) child.kill('SIGSTOP');
    },
  };
}

/** Polls until ready() holds; fails early, with the log's tail, if the process dies. */
export async function waitUntilReady(process: JavaProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exited()) throw new Error(`${process.name} exited during start-up:\n${tail(process.logFile)}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await process.stop();
  throw new Error(`${process.name} was not ready after ${timeoutMs / 1000}s:\n${tail(process.logFile)}`);
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
}

/**
 * A log4j2 configuration in `dir` that writes WARN and above to stdout (the process's log file), and
 * INFO of the named loggers (logger name by short id), whose lines say what the JVM is doing.
 */
export function writeLog4jConfig(dir: string, infoLoggers: Record<string, string>): string {
  const file = join(dir, 'log4j2.properties');
  writeFileSync(file, [
    'rootLogger.level=WARN',
    'rootLogger.appenderRef.stdout.ref=STDOUT',
    'appender.stdout.type=Console',
    'appender.stdout.name=STDOUT',
    'appender.stdout.layout.type=PatternLayout',
    'appender.stdout.layout.pattern=[%d] %p %m (%c)%n',
    ...Object.entries(infoLoggers).flatMap(([id, name]) => [`logger.${id}.name=${name}`, `logger.${id}.level=INFO`]),
    '',
  ].join('\n'));
  return file;
}
