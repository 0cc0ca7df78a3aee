import type { AvroSchema } from '../avro-schema';
import { avscType } from './avsc-type';
import { registerNamedTypes } from './named-type-registry';
import type { SchemaFile } from './schema-file';
import { loadSchemaSet } from './schema-loader';
import { currentEventSchemas, selfContainedSchema } from './self-contained';
import { workspacePaths } from './workspace-paths';

describe('selfContainedSchema', () => {
  const set = loadSchemaSet(workspacePaths.schemasDir);
  const schemas = currentEventSchemas(set);

  it('defines each named type once, at its first use, and refers to it by full name afterwards', () => {
    const registered = selfContainedSchema('care.events.identity.PatientRegistered', set.definitions);
    const text = JSON.stringify(registered);
    expect(text.match(/"name":"care\.events\.identity\.PersonName"/g)).toHaveLength(1);
    expect(text.match(/"name":"care\.events\.common\.Metadata"/g)).toHaveLength(1);
  });

  it('parses without any other schema and describes the same type as avsc resolving against the shared types', () => {
    const typeFiles: SchemaFile[] = [...set.definitions.values()]
      .filter((definition) => !schemas.has(definition.name))
      .map((definition) => ({ path: definition.name, schema: definition }));
    const registry = registerNamedTypes(typeFiles);
    for (const [fullName, schema] of schemas) {
      const fromRegistry = avscType(set.definitions.get(fullName) as AvroSchema, { ...registry });
      expect({ fullName, equal: avscType(schema).equals(fromRegistry) }).toEqual({ fullName, equal: true });
    }
  });

  it('keeps docs, logical types and enum defaults, which avsc drops', () => {
    const text = JSON.stringify(schemas.get('care.events.identity.PatientRegistered'));
    expect(text).toContain('"logicalType":"timestamp-millis"');
    expect(text).toContain('"logicalType":"date"');
    expect(text).toContain('"doc":"Usual home address; null when not recorded, and always null for a sensitive patient."');
    expect(text).toContain('"symbols":["MALE","FEMALE","OTHER","UNKNOWN"],"default":"UNKNOWN"');
  });
});
