import type { RecordSchema } from '../avro-schema';
import { shortName } from './avro-names';
import { typeModuleOf } from './render-types';
import type { EventDefinition } from './schema-loader';
import { pascalCase, quote } from './ts-source';

/** event-types.ts: full-name constants per domain, and the payload type of each event by full name. */
export function renderEventTypes(events: readonly EventDefinition[]): string {
  const imports = group(events, (event) => typeModuleOf(event.fullName))
    .map(([module, members]) => `import type { ${members.map((event) => shortName(event.fullName)).sort().join(', ')} } from './${module}';\n`)
    .join('');
  const constants = group(events, (event) => event.domain).map(([domain, members]) => renderDomainConstants(domain, members));
  const payloads = events.map((event) => `  ${quote(event.fullName)}: ${shortName(event.fullName)};\n`).join('');
  return [
    imports,
    ...constants,
    `/** The payload type of every event, by full name. */\nexport interface EventByType {\n${payloads}}\n`,
    'export type EventType = keyof EventByType;\n',
  ].join('\n');
}

/** event-schemas.ts: every event's full name, topic and self-contained schema, by full name. */
export function renderEventSchemas(events: readonly EventDefinition[], schemas: ReadonlyMap<string, RecordSchema>): string {
  const entries = events
    .map(({ fullName, topic }) => {
      const schema = JSON.stringify(schemas.get(fullName), null, 2).replace(/\n/g, '\n    ');
      return `  ${quote(fullName)}: {\n    fullName: ${quote(fullName)},\n    topic: ${quote(topic)},\n    schema: ${schema},\n  },\n`;
    })
    .join('');
  return [
    "import type { EventContract } from '../event-contract';\nimport type { EventType } from './event-types';\n",
    `/** Every event's full name, topic and self-contained schema (as registered in the schema registry), by full name. */\nexport const eventContracts: { readonly [T in EventType]: EventContract<T> } = {\n${entries}};\n`,
  ].join('\n');
}

/** feed-schemas.ts: every feed record's full name, topic template and self-contained schema, by full name. */
export function renderFeedSchemas(feeds: readonly EventDefinition[], schemas: ReadonlyMap<string, RecordSchema>): string {
  const entries = feeds
    .map(({ fullName, topic }) => {
      const schema = JSON.stringify(schemas.get(fullName), null, 2).replace(/\n/g, '\n    ');
      return `  ${quote(fullName)}: {\n    fullName: ${quote(fullName)},\n    topicTemplate: ${quote(topic)},\n    schema: ${schema},\n  },\n`;
    })
    .join('');
  const names = feeds.map(({ fullName }) => `  ${shortName(fullName)}: ${quote(fullName)},\n`).join('');
  return [
    "import type { FeedContract } from '../event-contract';\n",
    `/** Full names of the feed records (one record type per topic of its template). */\nexport const FeedRecordType = {\n${names}} as const;\nexport type FeedRecordType = (typeof FeedRecordType)[keyof typeof FeedRecordType];\n`,
    `/** Every feed record's full name, topic template and self-contained schema (registered under <topic>-value), by full name. */\nexport const feedContracts: { readonly [T in FeedRecordType]: FeedContract<T> } = {\n${entries}};\n`,
  ].join('\n');
}

function renderDomainConstants(domain: string, events: readonly EventDefinition[]): string {
  const name = `${pascalCase(domain)}EventType`;
  const members = events.map(({ fullName }) => `  ${shortName(fullName)}: ${quote(fullName)},\n`).join('');
  return (
    `/** Full names of the ${domain} events, all published on ${events[0].topic}. */\n` +
    `export const ${name} = {\n${members}} as const;\n` +
    `export type ${name} = (typeof ${name})[keyof typeof ${name}];\n`
  );
}

/** Groups keep the order of `events` (sorted by full name) and come sorted by key. */
function group(events: readonly EventDefinition[], key: (event: EventDefinition) => string): [string, EventDefinition[]][] {
  const groups = new Map<string, EventDefinition[]>();
  for (const event of events) groups.set(key(event), [...(groups.get(key(event)) ?? []), event]);
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}
