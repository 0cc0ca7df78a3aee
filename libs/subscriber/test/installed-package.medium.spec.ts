import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packPackage } from '../tools/build-package';
import { brokers, CopyFeed, numbered, patientRegistered, registryUrl } from './copy-feed';

const run = promisify(execFile);

/** A downstream system's own program: plain Node, nothing of this repository but the installed package. */
const consumerScript = `
const { subscribe, IdentityEventType } = require('@care-events/subscriber');
const [odsCode, groupId] = process.argv.slice(2);

async function main() {
  let received;
  const first = new Promise((resolve) => (received = resolve));
  const subscription = await subscribe({
    odsCode,
    brokers: process.env.KAFKA_BROKERS.split(','),
    registryUrl: process.env.SCHEMA_REGISTRY_URL,
    groupId,
    handlers: {
      [IdentityEventType.PatientRegistered]: (event, context) => {
        console.log(JSON.stringify({ eventNumber: context.eventNumber, subscriptionId: context.subscriptionId, family: event.name.family, eventId: event.metadata.eventId }));
        received();
      },
    },
  });
  await first;
  await subscription.stop();
  console.log(JSON.stringify(subscription.status()));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** The complete example of the README, which must compile against the installed package. */
const readmeExample = (): string => {
  const example = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'));
  if (!example) throw new Error('README.md has no TypeScript example');
  return example[1];
};

/** Handlers are typed per event type: a field of another type is refused. */
const typedConsumer = `
import { IdentityEventType, MedicationsEventType, PostgresEventStore, subscribe } from '@care-events/subscriber';

export const start = () =>
  subscribe({
    odsCode: 'A81001',
    brokers: ['localhost:9092'],
    registryUrl: 'http://localhost:8081',
    groupId: 'gp-system',
    store: new PostgresEventStore({ connectionString: 'postgres://localhost/gp' }),
    handlers: {
      [IdentityEventType.PatientRegistered]: async (event, context) => {
        const family: string = event.name.family;
        await context.transaction.query('insert into patients (id, family, event_number) values ($1, $2, $3)', [event.metadata.patientId, family, context.eventNumber]);
      },
      [MedicationsEventType.MedicationStopped]: (event) => {
        // @ts-expect-error a MedicationStopped has no name
        void event.name;
      },
    },
  });
`;

describe('the packed subscriber, installed into an empty folder outside the repository', () => {
  let folder: string;
  let feed: CopyFeed;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'care-subscriber-install-'));
    feed = await CopyFeed.create();
  });

  afterAll(async () => {
    await feed?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('installs with npm from its tarball, type-checks on its own, and receives an event under plain node', async () => {
    const tarball = packPackage(folder, { refreshContracts: false });
    const app = join(folder, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'gp-system', version: '1.0.0', private: true }));
    // A TypeScript application brings its own declarations of Node and pg, as the README's example does.
    await run('npm', ['install', tarball, '@types/node@20', '@types/pg@8', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, timeout: 60_000 });

    writeFileSync(join(app, 'typed-consumer.ts'), typedConsumer);
    writeFileSync(join(app, 'readme-example.ts'), readmeExample());
    const tsc = require.resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--esModuleInterop', '--module', 'commonjs', '--target', 'es2022', 'typed-consumer.ts', 'readme-example.ts'], { cwd: app })
      .catch((error: { stdout?: string }) => {
        throw new Error(`the installed package does not type-check:\n${error.stdout}`);
      });

    const registered = patientRegistered('Installed');
    await feed.publish(numbered(1, [registered]));
    writeFileSync(join(app, 'consumer.js'), consumerScript);
    const { stdout } = await run(process.execPath, ['consumer.js', feed.odsCode, `installed-${Date.now()}`], {
      cwd: app,
      timeout: 30_000,
      env: { PATH: process.env.PATH, KAFKA_BROKERS: brokers().join(','), SCHEMA_REGISTRY_URL: registryUrl() },
    });
    const [event, status] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(event).toEqual({ eventNumber: 1, subscriptionId: feed.subscriptionId, family: 'Installed', eventId: registered.event.metadata.eventId });
    expect(status).toMatchObject({ state: 'stopped', handled: 1, topic: feed.topic });
  }, 90_000);
});
