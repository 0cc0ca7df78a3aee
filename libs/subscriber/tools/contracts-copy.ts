import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const workspace = join(__dirname, '..', '..', '..');
const source = join(workspace, 'libs', 'contracts', 'src');
/** Where the package keeps its copy: it ships on its own, without libs/contracts beside it. */
export const contractsCopyDir = join(__dirname, '..', 'src', 'contracts');

// The generated event types and schemas, and the two hand-written files they import.
const copied = (): string[] => [
  'avro-schema.ts',
  'event-contract.ts',
  ...readdirSync(join(source, 'generated')).filter((file) => file.endsWith('.ts')).sort().map((file) => `generated/${file}`),
];

const header = (file: string) =>
  `// Copy of libs/contracts/src/${file} for the published package, refreshed by npm run schemas:generate and the package build: change the original.\n`;

/** The content the package's copy must have, by path under src/contracts/. */
export function contractsCopy(): Map<string, string> {
  return new Map(copied().map((file) => [file, header(file) + readFileSync(join(source, file), 'utf8')]));
}

/** Files of the copy that differ from libs/contracts, are missing, or no longer exist there. */
export function staleContractsCopy(files = contractsCopy()): string[] {
  const present = listFiles(contractsCopyDir);
  const differing = [...files].filter(([file, content]) => !present.includes(file) || readFileSync(join(contractsCopyDir, file), 'utf8') !== content);
  const leftover = present.filter((file) => !files.has(file));
  return [...differing.map(([file]) => file), ...leftover].sort();
}

/** Makes the copy match libs/contracts; gives the paths it wrote or removed. */
export function writeContractsCopy(): string[] {
  const files = contractsCopy();
  const stale = staleContractsCopy(files);
  for (const file of stale) {
    const target = join(contractsCopyDir, file);
    const content = files.get(file);
    if (content === undefined) {
      rmSync(target);
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  return stale;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}
