import type { AvroSchema } from '../avro-schema';

export interface SchemaFile {
  /** Path from the folder that holds the schemas folder, e.g. schemas/identity/patient-registered.avsc. */
  readonly path: string;
  readonly schema: AvroSchema;
}
