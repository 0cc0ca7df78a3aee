import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AvroSchema, RecordSchema } from '../avro-schema';
import { formatJson, readJson } from './json-file';
import { subfolders } from './subfolders';

/** A version of an event schema pinned in schemas/released/<full name>/v<version>.avsc: data may exist written with it. */
export interface ReleasedSchema {
  readonly fullName: string;
  readonly version: number;
  readonly schema: AvroSchema;
}

export interface PlannedRelease {
  readonly fullName: string;
  readonly version: number;
  readonly schema: RecordSchema;
}

const versionFile = /^v([1-9]\d*)\.avsc$/;

/** Every pinned version, sorted by full name, then version. */
export function loadReleasedSchemas(releasedDir: string): ReleasedSchema[] {
  if (!existsSync(releasedDir)) return [];
  return subfolders(releasedDir).flatMap((fullName) =>
    readdirSync(join(releasedDir, fullName))
      .map((name) => {
        const match = versionFile.exec(name);
        if (!match) throw new Error(`${join(releasedDir, fullName, name)}: released schemas are named v<version>.avsc`);
        const version = Number(match[1]);
        return { fullName, version, schema: readJson(releasedSchemaPath(releasedDir, fullName, version)) as AvroSchema };
      })
      .sort((a, b) => a.version - b.version),
  );
}

/** The next version of each event whose current schema differs from its latest pinned one, or that has none. */
export function planReleases(current: ReadonlyMap<string, RecordSchema>, released: readonly ReleasedSchema[]): PlannedRelease[] {
  return [...current].flatMap(([fullName, schema]) => {
    const latest = released.filter((pinned) => pinned.fullName === fullName).at(-1);
    if (latest && formatJson(latest.schema) === formatJson(schema)) return [];
    return [{ fullName, version: (latest?.version ?? 0) + 1, schema }];
  });
}

/** Writes the release and returns its path. */
export function pinRelease(releasedDir: string, { fullName, version, schema }: PlannedRelease): string {
  const path = releasedSchemaPath(releasedDir, fullName, version);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, formatJson(schema));
  return path;
}

function releasedSchemaPath(releasedDir: string, fullName: string, version: number): string {
  return join(releasedDir, fullName, `v${version}.avsc`);
}
