import { readdirSync } from 'node:fs';

/** Names of the folders directly inside `dir`, sorted so every run sees them in the same order. */
export function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
