import { spawn } from 'node:child_process';
import { provisionMessaging, startPlatform, workspaceRoot } from '@care-events/local-platform';

/**
 * `npm test`: starts the real broker, registry and PostgreSQL once (containers when a Docker
 * engine answers, the JVM launchers otherwise), then runs every project's tests against them.
 * Extra arguments go to Nx, e.g. `npm test -- --projects=identity`.
 */
async function main() {
  const started = Date.now();
  const platform = await startPlatform({ mode: 'ephemeral', log: (line) => process.stdout.write(`${line}\n`) });
  let code = 1;
  try {
    await provisionMessaging(platform);
    process.stdout.write(`Platform ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    code = await run('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', '--skip-nx-cache', ...process.argv.slice(2)], {
      ...process.env,
      KAFKA_BROKERS: platform.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: platform.registryUrl,
      DATABASE_URL: platform.postgres.adminUrl,
      NX_DAEMON: 'false',
    });
  } finally {
    await platform.stop();
  }
  process.stdout.write(`npm test finished in ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  process.exit(code);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: workspaceRoot(), env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main().catch((error) => {
  process.stderr.write(`npm test could not start the platform: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
