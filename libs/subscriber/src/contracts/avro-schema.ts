// Copy of libs/contracts/src/avro-schema.ts for the published package, refreshed by npm run schemas:generate and the package build: change the original.
/** Avro schema JSON, as written in schemas/*.avsc and registered in the schema registry. */
export type AvroSchema = string | AvroSchema[] | ComplexSchema;

export type ComplexSchema = NamedSchema | ArraySchema | MapSchema | AnnotatedSchema;

export type NamedSchema = RecordSchema | EnumSchema | FixedSchema;

/** Attributes shared by records, enums and fixed types. */
export interface NamedSchemaAttributes {
  name: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
}

export interface RecordSchema extends NamedSchemaAttributes {
  type: 'record' | 'error';
  fields: FieldSchema[];
}

export interface FieldSchema {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  order?: 'ascending' | 'descending' | 'ignore';
  aliases?: string[];
}

export interface EnumSchema extends NamedSchemaAttributes {
  type: 'enum';
  symbols: string[];
  /** Symbol a reader substitutes for symbols it does not know. */
  default?: string;
}

export interface FixedSchema extends NamedSchemaAttributes {
  type: 'fixed';
  size: number;
}

export interface ArraySchema {
  type: 'array';
  items: AvroSchema;
}

export interface MapSchema {
  type: 'map';
  values: AvroSchema;
}

/** A primitive or a reference with attributes, e.g. `{ "type": "long", "logicalType": "timestamp-millis" }`. */
export interface AnnotatedSchema {
  type: string;
  logicalType?: string;
  [attribute: string]: unknown;
}
