import { Type } from 'avsc';
import { avroType } from './avro-types';
import { SchemaRegistryClient } from './schema-registry-client';
import { subjectFor } from './subject-names';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

export interface DecodedValue {
  /** Full name of the writer's record, e.g. care.events.identity.PatientRegistered. */
  fullName: string;
  value: unknown;
  schemaId: number;
}

/** Looks up the schema this process reads a record full name with (its generated contract). */
export type ReaderSchemas = (fullName: string) => object | undefined;

/**
 * Avro in the Confluent wire format: byte 0, the 4-byte big-endian schema id, the datum.
 * Subjects follow each topic's declared strategy (`subjectFor`): TopicRecordNameStrategy unless it says otherwise.
 */
export class AvroCodec {
  private readonly resolvers = new Map<string, { reader: Type; resolver: ReturnType<Type['createResolver']> }>();

  constructor(private readonly registry: SchemaRegistryClient, private readonly readerSchemas: ReaderSchemas) {}

  /**
   * Encodes with exactly the given (writer) schema, under the id the registry already holds for it:
   * schemas are registered at deploy time, so an unknown one fails with UnregisteredSchemaError.
   */
  async encode(topic: string, fullName: string, schema: object, value: unknown): Promise<Buffer> {
    const id = await this.registry.lookup(subjectFor(topic, fullName), schema);
    const datum = avroType(schema).toBuffer(value);
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeUInt32BE(id, 1);
    return Buffer.concat([header, datum]);
  }

  /** Decodes with the writer's registered schema, resolved into this process's reader schema. */
  async decode(message: Buffer): Promise<DecodedValue> {
    if (message.length < HEADER_LENGTH || message.readUInt8(0) !== MAGIC_BYTE) {
      throw new Error('value is not in the Confluent wire format (magic byte 0 and schema id)');
    }
    const schemaId = message.readUInt32BE(1);
    const writerSchema = await this.registry.schemaById(schemaId);
    const writer = avroType(writerSchema);
    const fullName = writer.name ?? '(unnamed)';
    const { reader, resolver } = this.resolverFor(schemaId, fullName, writer);
    return { fullName, schemaId, value: reader.fromBuffer(message.subarray(HEADER_LENGTH), resolver) };
  }

  private resolverFor(schemaId: number, fullName: string, writer: Type) {
    const key = `${schemaId}:${fullName}`;
    let entry = this.resolvers.get(key);
    if (!entry) {
      const readerSchema = this.readerSchemas(fullName);
      const reader = readerSchema ? avroType(readerSchema) : writer;
      entry = { reader, resolver: reader.createResolver(writer) };
      this.resolvers.set(key, entry);
    }
    return entry;
  }
}
