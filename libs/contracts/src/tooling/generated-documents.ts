import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDeclaredTopics } from './declared-topics';
import { readJson } from './json-file';
import { renderAsyncApiDocument } from './render-asyncapi';
import { renderEventReference } from './render-event-reference';
import type { SchemaSet } from './schema-loader';
import { workspacePaths } from './workspace-paths';

/**
 * The documents generated beside the code, by absolute path: the event reference (docs/events.md) and
 * the AsyncAPI document (docs/asyncapi.json), the latter also from deploy/topics.json and package.json.
 */
export function renderGeneratedDocuments(set: SchemaSet): Map<string, string> {
  const { root, eventReference, asyncApiDocument, topicsFile } = workspacePaths;
  const { version, license } = readJson(join(root, 'package.json')) as { version: string; license: string };
  return new Map([
    [eventReference, renderEventReference(set)],
    [asyncApiDocument, renderAsyncApiDocument({ set, topics: readDeclaredTopics(topicsFile), version, license })],
  ]);
}

/** Paths of `documents` whose file is missing or differs; with `write`, makes them match. */
export function findStaleDocuments(documents: ReadonlyMap<string, string>, write = false): string[] {
  const stale = [...documents].filter(([path, content]) => !existsSync(path) || readFileSync(path, 'utf8') !== content);
  if (write) for (const [path, content] of stale) writeFileSync(path, content);
  return stale.map(([path]) => path);
}
