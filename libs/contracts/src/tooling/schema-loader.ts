import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { AvroSchema, NamedSchema, RecordSchema } from '../avro-schema';
import { namespaceOf, qualify } from './avro-names';
import { avscType } from './avsc-type';
import { flattenSchema } from './flatten-schema';
import { readJson } from './json-file';
import { registerNamedTypes } from './named-type-registry';
import type { SchemaFile } from './schema-file';
import { isRecordSchema } from './schema-shapes';
import { subfolders } from './subfolders';

/** Every event record carries this envelope as its first field. */
export const metadataTypeName = 'care.events.common.Metadata';

/** Folders of the schemas directory that are not domains: named types shared by all domains, and pinned releases. */
const sharedFolder = 'common';
const releasedFolder = 'released';
/** Inside a domain folder: named types used by several of its events. */
const typesFolder = 'types';

export interface EventDefinition {
  /** Avro full name, e.g. care.events.identity.PatientRegistered. */
  readonly fullName: string;
  /** Domain folder the event lives in, e.g. identity. */
  readonly domain: string;
  readonly topic: string;
  readonly file: string;
}

export interface SchemaSet {
  /** Every named type, events included, in flattened form (see flattenSchema), by full name. */
  readonly definitions: ReadonlyMap<string, NamedSchema>;
  /** Sorted by full name. */
  readonly events: readonly EventDefinition[];
  /**
   * Feed records (e.g. the analytics folder's), sorted by full name: published on topics a template of
   * schemas/topics.json names (`topic` holds its `{placeholders}`), one record type per topic. They carry
   * no metadata envelope (its patientId would identify the patient) and start with their own `eventId`.
   */
  readonly feeds: readonly EventDefinition[];
}

/**
 * Loads schemas/: common/*.avsc and <domain>/types/*.avsc hold named types; every other
 * <domain>/*.avsc is one event, published on the topic schemas/topics.json gives its domain. A domain
 * whose topic is a template (holds `{placeholders}`) is a feed: its records go to `feeds`.
 */
export function loadSchemaSet(schemasDir: string): SchemaSet {
  const topics = readJson(join(schemasDir, 'topics.json')) as Record<string, string>;
  const domains = subfolders(schemasDir).filter((name) => name !== sharedFolder && name !== releasedFolder);
  const typeFiles = [sharedFolder, ...domains.map((domain) => join(domain, typesFolder))].flatMap((folder) =>
    readSchemaFiles(schemasDir, folder),
  );
  const eventFiles = domains.flatMap((domain) => readSchemaFiles(schemasDir, domain).map((file) => ({ domain, file })));

  const registry = registerNamedTypes(typeFiles);
  for (const { file } of eventFiles) explainFailure(file, () => avscType(file.schema, { ...registry }));

  const definitions = collectDefinitions([...typeFiles, ...eventFiles.map(({ file }) => file)]);
  const described = eventFiles
    .map(({ domain, file }) => describeEvent(domain, file, topics, definitions))
    .sort((a, b) => (a.fullName < b.fullName ? -1 : 1));
  return { definitions, events: described.filter((event) => !isFeedTopic(event.topic)), feeds: described.filter((event) => isFeedTopic(event.topic)) };
}

function describeEvent(
  domain: string,
  file: SchemaFile,
  topics: Record<string, string>,
  definitions: ReadonlyMap<string, NamedSchema>,
): EventDefinition {
  const topic = topics[domain];
  if (!topic) throw new Error(`${file.path}: topics.json maps no topic to the domain folder ${domain}`);
  if (!isRecordSchema(file.schema)) throw new Error(`${file.path}: an event schema must be a record`);
  const fullName = qualify(file.schema.name, file.schema.namespace);
  const namespace = domainNamespace(domain);
  if (namespaceOf(fullName) !== namespace) throw new Error(`${file.path}: ${fullName} must be in namespace ${namespace}`);
  const [first] = (definitions.get(fullName) as RecordSchema).fields;
  if (isFeedTopic(topic)) {
    if (first?.name !== 'eventId' || first.type !== 'string') throw new Error(`${file.path}: the first field of a feed record must be {"name": "eventId", "type": "string"}`);
    return { fullName, domain, topic, file: file.path };
  }
  if (first?.name !== 'metadata' || first.type !== metadataTypeName) {
    throw new Error(`${file.path}: the first field must be {"name": "metadata", "type": "${metadataTypeName}"}`);
  }
  return { fullName, domain, topic, file: file.path };
}

/** A topic template (e.g. analytics.{recipient}.{type}.v1) rather than one topic. */
export const isFeedTopic = (topic: string): boolean => topic.includes('{');

/** Avro names cannot hold a hyphen, so the folder care-router is the namespace care.events.carerouter. */
export const domainNamespace = (domain: string): string => `care.events.${domain.replace(/-/g, '')}`;

function collectDefinitions(files: readonly SchemaFile[]): Map<string, NamedSchema> {
  const definitions = new Map<string, NamedSchema>();
  const origins = new Map<string, string>();
  for (const file of files) {
    flattenSchema(file.schema, undefined, (definition) => {
      const origin = origins.get(definition.name);
      if (origin) throw new Error(`${file.path}: ${definition.name} is already defined in ${origin}`);
      origins.set(definition.name, file.path);
      definitions.set(definition.name, definition);
    });
  }
  return definitions;
}

function readSchemaFiles(schemasDir: string, folder: string): SchemaFile[] {
  const dir = join(schemasDir, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.avsc'))
    .map((entry) => join(dir, entry.name))
    .sort()
    .map((path) => ({ path: relative(dirname(schemasDir), path), schema: readJson(path) as AvroSchema }));
}

function explainFailure(file: SchemaFile, parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    throw new Error(`${file.path}: ${(error as Error).message}`);
  }
}
