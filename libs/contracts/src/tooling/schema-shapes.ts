import type { AnnotatedSchema, ArraySchema, AvroSchema, ComplexSchema, MapSchema, NamedSchema, RecordSchema } from '../avro-schema';

const namedKinds = new Set(['record', 'error', 'enum', 'fixed']);

export function isNamedSchema(schema: AvroSchema): schema is NamedSchema {
  return typeof schema === 'object' && !Array.isArray(schema) && namedKinds.has(schema.type);
}

export function isRecordSchema(schema: AvroSchema): schema is RecordSchema {
  return isNamedSchema(schema) && (schema.type === 'record' || schema.type === 'error');
}

export function isArraySchema(schema: AvroSchema): schema is ArraySchema {
  return typeof schema === 'object' && !Array.isArray(schema) && schema.type === 'array';
}

export function isMapSchema(schema: AvroSchema): schema is MapSchema {
  return typeof schema === 'object' && !Array.isArray(schema) && schema.type === 'map';
}

export function isAnnotatedSchema(schema: AvroSchema): schema is AnnotatedSchema {
  return typeof schema === 'object' && !Array.isArray(schema) && !isNamedSchema(schema) && !isArraySchema(schema) && !isMapSchema(schema);
}

/** Copy of `schema` with each schema nested directly inside it (union branch, field, items, values) replaced by `visit(nested)`. */
export function mapNested<T extends AvroSchema[] | ComplexSchema>(schema: T, visit: (nested: AvroSchema) => AvroSchema): T {
  if (Array.isArray(schema)) return schema.map(visit) as T;
  if (isRecordSchema(schema)) {
    return { ...schema, fields: schema.fields.map((field) => ({ ...field, type: visit(field.type) })) };
  }
  if (isArraySchema(schema)) return { ...schema, items: visit(schema.items) };
  if (isMapSchema(schema)) return { ...schema, values: visit(schema.values) };
  return { ...schema };
}
