import { Type } from 'avsc';
import { eventContracts } from './contracts/generated';
import { SchemaRegistryReader } from './schema-registry-reader';
import { UndecodableEventError } from './subscriber-errors';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

export interface DecodedEvent {
  /** Full name of the writer's record, e.g. care.events.medications.MedicationStopped. */
  fullName: string;
  schemaId: number;
  value: unknown;
}

type Reading = { reader: Type; resolver: ReturnType<Type['createResolver']> } | { reader: Type; resolver?: undefined };

/**
 * Decodes Avro in the Confluent wire format (byte 0, the 4-byte big-endian schema id, the datum)
 * with the writer's schema from the registry, resolved into the schema this package was built
 * with, so the value has exactly the shape of its TypeScript type (defaults filled in for fields
 * an older writer lacked). A record this package has no schema for is read with the writer's.
 */
export class AvroDecoder {
  private readonly readings = new Map<number, Promise<{ fullName: string; reading: Reading }>>();

  constructor(private readonly registry: SchemaRegistryReader) {}

  async decode(message: Buffer | null): Promise<DecodedEvent> {
    if (!message || message.length < HEADER_LENGTH || message.readUInt8(0) !== MAGIC_BYTE) {
      throw new UndecodableEventError('value is not in the Confluent wire format (magic byte 0 and a schema id)');
    }
    const schemaId = message.readUInt32BE(1);
    const { fullName, reading } = await this.readingFor(schemaId);
    try {
      const datum = message.subarray(HEADER_LENGTH);
      const value = reading.resolver ? reading.reader.fromBuffer(datum, reading.resolver) : reading.reader.fromBuffer(datum);
      return { fullName, schemaId, value };
    } catch (error) {
      throw new UndecodableEventError(`value does not decode with schema ${schemaId} (${fullName}): ${(error as Error).message}`);
    }
  }

  private readingFor(schemaId: number) {
    let reading = this.readings.get(schemaId);
    if (!reading) {
      reading = this.registry.schemaById(schemaId).then((schema) => prepare(schemaId, schema));
      this.readings.set(schemaId, reading);
      reading.catch(() => this.readings.delete(schemaId));
    }
    return reading;
  }
}

function prepare(schemaId: number, schema: object): { fullName: string; reading: Reading } {
  let writer: Type;
  try {
    writer = Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
  } catch (error) {
    throw new UndecodableEventError(`schema ${schemaId} is not a valid Avro schema: ${(error as Error).message}`);
  }
  const fullName = writer.name ?? '(unnamed)';
  const known = Object.hasOwn(eventContracts, fullName) ? eventContracts[fullName as keyof typeof eventContracts].schema : undefined;
  if (!known) return { fullName, reading: { reader: writer } };
  const reader = Type.forSchema(known as Parameters<typeof Type.forSchema>[0]);
  try {
    return { fullName, reading: { reader, resolver: reader.createResolver(writer) } };
  } catch (error) {
    throw new UndecodableEventError(`schema ${schemaId} of ${fullName} cannot be read as the version this package was built with: ${(error as Error).message}`);
  }
}
