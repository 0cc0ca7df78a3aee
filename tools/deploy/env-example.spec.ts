import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * Libraries and services whose code runs in the image. The local platform and its fixtures (tests,
 * `npm start`) and the subscriber SDK (installed by care settings) read variables of their own.
 */
const NOT_IN_THE_IMAGE = ['local-platform', 'subscriber'];

/** How the code reads a variable: env.X, env['X'], and the config readers' read.integer('X', …), value('X'), { name: 'X' }. */
const READS = [
  /\benv\??\.([A-Z][A-Z0-9_]+)\b/g,
  /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g,
  /\b(?:integer|url|text|oneOf|brokers|value|readUrl\(env,|readFlag\(env,|name:)\s*\(?\s*['"]([A-Z][A-Z0-9_]+)['"]/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['testing', 'test'].includes(entry.name) ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  const sources = ['libs', 'services'].flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((project) => !NOT_IN_THE_IMAGE.includes(project) && existsSync(join(root, folder, project, 'src')))
      .flatMap((project) => sourceFiles(join(root, folder, project, 'src'))),
  );
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of READS) for (const [, name] of text.matchAll(pattern)) if (!found.has(name)) found.set(name, file.slice(root.length + 1));
  }
  return found;
}

describe('.env.example', () => {
  it('lists every variable the services and provisioning read', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const read = variablesRead();
    // The scan finds what it should: the settings of service-kit, auth and one service of its own.
    expect([...read.keys()]).toEqual(expect.arrayContaining(['PORT', 'DATABASE_POOL_SIZE', 'AUTH_ISSUER', 'DELIVERY_SECRETS_KEY']));
    const missing = [...read].filter(([name]) => !new RegExp(`\\b${name}\\b`).test(example)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
