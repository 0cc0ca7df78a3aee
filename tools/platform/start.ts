import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_AUDIENCE, startDevIssuer } from '@care-events/auth';
import {
  dataDir, declaredDevIssuerPort, declaredServices, ensureServiceDatabases, kafkaVersion, provisionMessaging, redactPassword,
  serviceDatabaseName, REGISTRY_VERSION, ServiceEntry, serviceNodeArguments, startPlatform, withDatabase, workspaceRoot,
} from '@care-events/local-platform';
import { readTopicsFile } from '@care-events/messaging';
import { FeedRecipient, provisionAnalyticsFeeds } from '@care-events/provisioning';

/**
 * `npm start`: Kafka, the schema registry and PostgreSQL (local or embedded), topics and schemas
 * provisioned, the development token issuer, every service running; one screen says what is up
 * where and how to call it. Ctrl-C stops it all.
 * `npm start -- --brokers=3` runs Kafka as a three-node KRaft cluster on 9092, 9094 and 9096.
 */
async function main() {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('Starting the care-events platform...');
  // First, so a port in use fails at once; and before the services, which verify tokens against it.
  const issuer = await startDevIssuer({ port: declaredDevIssuerPort() }).catch((error: Error) => {
    throw new Error(`the development token issuer could not listen on port ${declaredDevIssuerPort()} (${error.message}); is another npm start running?`);
  });
  const platform = await startPlatform({ mode: 'persistent', brokers: brokerCount(process.argv.slice(2)), log: (line) => say(`  ${line}`) });
  const services = declaredServices();
  await ensureServiceDatabases(platform.postgres.adminUrl, services);
  const { topics, schemas } = await provisionMessaging(platform);
  await provisionAnalyticsFeeds(platform, (JSON.parse(readFileSync(ANALYTICS_DEV_RECIPIENTS, 'utf8')) as { recipients: FeedRecipient[] }).recipients);
  const logDir = join(dataDir(), 'logs');
  mkdirSync(logDir, { recursive: true });
  const env = {
    ...process.env,
    KAFKA_BROKERS: platform.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: platform.registryUrl,
    DATABASE_URL: platform.postgres.adminUrl,
    AUTH_ISSUER: issuer.url,
    AUTH_AUDIENCE: DEFAULT_AUDIENCE,
  };
  const children = services.map((service) => startService(service, env, logDir));
  const stop = once(async () => {
    say('\nStopping services, the token issuer, then the platform...');
    await Promise.all(children.map(stopChild));
    await issuer.close();
    await platform.stop();
    process.exit(0);
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const health = await Promise.all(services.map((service) => waitForReady(service)));
  say('');
  const row = (what: string, where: string, detail: string) => say(`${what.padEnd(18)} ${where.padEnd(46)} ${detail}`);
  say('care-events is up');
  say('─'.repeat(100));
  row(`Kafka ${kafkaVersion()}`, platform.kafkaBrokers.join(','), platform.origins.kafka);
  row('Schema registry', platform.registryUrl, `Apicurio ${REGISTRY_VERSION}, ${schemas} schemas`);
  row('PostgreSQL', redactPassword(platform.postgres.adminUrl), platform.origins.postgres);
  row('Topics', `${topics.created.length} created, ${topics.unchanged.length + topics.grown.length + topics.reconfigured.length} already present`, 'deploy/topics.json');
  row('Token issuer', issuer.url, `development only, audience ${DEFAULT_AUDIENCE}`);
  say('─'.repeat(100));
  services.forEach((service, i) => {
    // A service whose topics come from a template it owns (analytics: one per recipient and record type) names the template.
    const template = readTopicsFile().templates?.find((entry) => (entry as { owner?: string }).owner === service.name);
    const publishes = service.publishes ? `publishes ${service.publishes}` : template ? `publishes ${template.name}` : 'publishes no topic';
    say(`${service.name.padEnd(14)} http://127.0.0.1:${service.port}  ${health[i].padEnd(9)} ${publishes.padEnd(38)} docs /docs`);
  });
  say('─'.repeat(100));
  say(`Service logs (JSON): ${logDir}`);
  say(`Databases: ${services.map((s) => redactPassword(withDatabase(platform.postgres.adminUrl, serviceDatabaseName(s)))).join(', ')}`);
  say('');
  howToCall(services).forEach((line) => say(line));
  say('Press Ctrl-C to stop.');
}

/** Every API but /health and /docs wants a bearer token: how to get one and use it. */
function howToCall(services: ServiceEntry[]): string[] {
  const identity = services.find((service) => service.name === 'identity');
  return [
    'Every API call needs a bearer token; the development issuer mints one for anyone (README: "Tokens"):',
    '  TOKEN=$(npm run -s token -- --staff G8123456 --org A81001 --role clinician)',
    '  (or --patient 9434765919 --level P9, or --system lab-system --scopes "patient-data:write")',
    ...(identity ? [`  curl -s -H "authorization: Bearer $TOKEN" 'http://127.0.0.1:${identity.port}/patients?nhsNumber=9434765919'`] : []),
  ];
}

/** `--brokers=3` runs a three-node Kafka cluster instead of one broker. */
function brokerCount(args: string[]): number {
  const flag = args.find((arg) => arg.startsWith('--brokers='));
  const count = flag ? Number(flag.slice('--brokers='.length)) : 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`--brokers must be a whole number of nodes, got ${flag}`);
  return count;
}

const ANALYTICS_DEV_RECIPIENTS = join(workspaceRoot(), 'tools/platform/analytics-dev-recipients.json');

/**
 * Settings a service gets on this machine only, never in deploy/: delivery accepts plain-http
 * endpoint URLs, so receivers on 127.0.0.1 (the demo's) need no certificate; analytics feeds the
 * development recipient the demo reads (its keys are the development ones, derived from its name).
 * The environment `npm start` runs in still overrides them.
 */
const LOCAL_SERVICE_SETTINGS: Record<string, Record<string, string>> = {
  delivery: { DELIVERY_ALLOW_HTTP: 'true' },
  analytics: { ANALYTICS_RECIPIENTS_FILE: ANALYTICS_DEV_RECIPIENTS },
};

function startService(service: ServiceEntry, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
  const log = createWriteStream(join(logDir, `${service.name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, serviceNodeArguments(service.entry), {
    cwd: workspaceRoot(),
    env: { ...LOCAL_SERVICE_SETTINGS[service.name], ...env, PORT: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${service.name}] ${chunk}`));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`${service.name} exited (${code ?? signal}); see ${logDir}/${service.name}.log\n`);
  });
  return child;
}

async function waitForReady(service: ServiceEntry): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (response.ok) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 'NOT READY';
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function once(fn: () => Promise<void>): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      void fn();
    }
  };
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
