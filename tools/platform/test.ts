import { spawn } from 'node:child_process';
import { DEFAULT_AUDIENCE, type DevIssuer, startDevIssuer } from '@care-events/auth';
import { provisionMessaging, startPlatform, workspaceRoot } from '@care-events/local-platform';

/**
 * `npm test`: starts the real broker, registry and PostgreSQL once (containers when a Docker
 * engine answers, the JVM launchers otherwise), and one development token issuer, then runs every
 * project's tests against them.
 * Extra arguments go to Nx, e.g. `npm test -- --projects=identity`.
 */
async function main() {
  const started = Date.now();
  const platform = await startPlatform({ mode: 'ephemeral', log: (line) => process.stdout.write(`${line}\n`) });
  let issuer: DevIssuer | undefined;
  let code = 1;
  try {
    issuer = await startDevIssuer({ port: 0 });
    await provisionMessaging(platform);
    process.stdout.write(`Platform ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    code = await run('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', '--skip-nx-cache', ...process.argv.slice(2)], {
      ...process.env,
      KAFKA_BROKERS: platform.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: platform.registryUrl,
      DATABASE_URL: platform.postgres.adminUrl,
      AUTH_ISSUER: issuer.url,
      AUTH_AUDIENCE: DEFAULT_AUDIENCE,
      NX_DAEMON: 'false',
    });
  } finally {
    await issuer?.close();
    await platform.stop();
  }
  process.stdout.write(`npm test finished in ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  process.exit(code);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: workspaceRoot(), env, stdio: ['inherit', 'pipe', 'pipe'] });
    const failures = new FailureDigest();
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        process.stdout.write(chunk);
        failures.read(chunk.toString('utf8'));
      });
    }
    child.on('exit', (code) => {
      failures.print();
      resolve(code ?? 1);
    });
  });
}

/**
 * The failed tests' messages, printed again after every project ran: a CI log that shows only its
 * tail still says which test failed and why.
 */
class FailureDigest {
  private readonly lines: string[] = [];
  private pending = '';
  private following = 0;

  read(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.take(line.replace(/\x1b\[[0-9;]*m/g, ''));
  }

  print(): void {
    if (this.lines.length === 0) return;
    process.stdout.write(`\nFailed tests (first ${MAX_DIGEST_LINES} lines of their messages):\n${this.lines.join('\n')}\n`);
  }

  private take(line: string): void {
    if (/^\S+: +● /.test(line) || /^ +● /.test(line)) this.following = LINES_PER_FAILURE;
    if (this.following > 0 && this.lines.length < MAX_DIGEST_LINES) {
      this.lines.push(line);
      this.following -= 1;
    }
  }
}

const LINES_PER_FAILURE = 30;
const MAX_DIGEST_LINES = 150;

main().catch((error) => {
  process.stderr.write(`npm test could not start the platform: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
