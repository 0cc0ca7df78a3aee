import type { AvroSchema, NamedSchema, RecordSchema } from '../avro-schema';
import { isPrimitive } from './avro-names';
import type { SchemaSet } from './schema-loader';
import { mapNested } from './schema-shapes';

/**
 * The schema of `fullName` with every named type it uses defined inline at its first use and
 * referenced by full name afterwards (the form avsc's `Type#schema()` produces), so a schema
 * registry or a consumer can parse it without any other schema. Unlike `Type#schema()` it keeps
 * docs, logical types and enum defaults. `definitions` are flattened (see flattenSchema).
 */
export function selfContainedSchema(fullName: string, definitions: ReadonlyMap<string, NamedSchema>): NamedSchema {
  const inlined = new Set<string>();
  const inline = (schema: AvroSchema): AvroSchema => {
    if (typeof schema !== 'string') return mapNested(schema, inline);
    if (isPrimitive(schema) || inlined.has(schema)) return schema;
    const definition = definitions.get(schema);
    if (!definition) throw new Error(`undefined type name: ${schema}`);
    inlined.add(schema);
    return mapNested(definition, inline);
  };
  return inline(fullName) as NamedSchema;
}

/** The self-contained schema of every event and feed record of `set`, by full name: each is released and checked alike. */
export function currentEventSchemas(set: SchemaSet): Map<string, RecordSchema> {
  return new Map([...set.events, ...set.feeds].sort((a, b) => (a.fullName < b.fullName ? -1 : 1)).map(({ fullName }) => [fullName, selfContainedSchema(fullName, set.definitions) as RecordSchema]));
}
