import type { AvroSchema, NamedSchema } from '../avro-schema';
import { isPrimitive, namespaceOf, qualify } from './avro-names';
import { isAnnotatedSchema, isNamedSchema, mapNested } from './schema-shapes';

/**
 * Rewrites `schema` so that every named type defined in it is handed to `define` (with its full
 * name and without a namespace attribute) and replaced by a reference to that full name, and
 * every reference is written as a full name. Definitions can then be looked up by full name
 * regardless of the file or record they were written in.
 */
export function flattenSchema(
  schema: AvroSchema,
  namespace: string | undefined,
  define: (definition: NamedSchema) => void,
): AvroSchema {
  if (typeof schema === 'string') return reference(schema, namespace);
  if (isNamedSchema(schema)) {
    const fullName = qualify(schema.name, schema.namespace ?? namespace);
    const inner = namespaceOf(fullName);
    const definition = mapNested({ ...schema, name: fullName }, (nested) => flattenSchema(nested, inner, define));
    delete definition.namespace;
    define(definition);
    return fullName;
  }
  // Avro gives attributes on a reference to a named type no meaning, so only primitives keep theirs (e.g. logicalType).
  if (isAnnotatedSchema(schema)) return isPrimitive(schema.type) ? { ...schema } : reference(schema.type, namespace);
  return mapNested(schema, (nested) => flattenSchema(nested, namespace, define));
}

function reference(typeName: string, namespace: string | undefined): string {
  return isPrimitive(typeName) ? typeName : qualify(typeName, namespace);
}
