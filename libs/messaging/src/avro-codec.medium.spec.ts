import { randomUUID } from 'node:crypto';
import { AvroCodec } from './avro-codec';
import { subjectFor } from './subject-names';
import { validateAvro } from './avro-types';
import { InvalidEventError } from './messaging-errors';
import { SchemaRegistryClient, UnregisteredSchemaError } from './schema-registry-client';

const registry = () => new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string);
const name = `care.events.test.Measured${randomUUID().replace(/-/g, '').slice(0, 8)}`;
const v1 = { type: 'record', name, fields: [{ name: 'value', type: 'int' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'unit', type: 'string', default: 'mmol/L' }] };

describe('AvroCodec against the real registry', () => {
  beforeAll(async () => {
    await registry().register(subjectFor('test.topic.v1', name), v1); // as provisioning does at deploy time
  });

  it('writes the Confluent wire format under the TopicRecordNameStrategy subject', async () => {
    const codec = new AvroCodec(registry(), () => undefined);
    const encoded = await codec.encode('test.topic.v1', name, v1, { value: 7 });
    expect(encoded.readUInt8(0)).toBe(0);
    const id = encoded.readUInt32BE(1);
    const versions = (await (await fetch(`${process.env.SCHEMA_REGISTRY_URL}/subjects/${encodeURIComponent(subjectFor('test.topic.v1', name))}/versions/latest`)).json()) as { id: number };
    expect(versions.id).toBe(id);
    expect(await codec.decode(encoded)).toEqual({ fullName: name, schemaId: id, value: { value: 7 } });
  });

  it('decodes an older writer schema into the reader schema, filling defaults', async () => {
    const writer = new AvroCodec(registry(), () => undefined);
    const reader = new AvroCodec(registry(), (fullName) => (fullName === name ? v2 : undefined));
    const encoded = await writer.encode('test.topic.v1', name, v1, { value: 5 });
    expect((await reader.decode(encoded)).value).toEqual({ value: 5, unit: 'mmol/L' });
  });

  it('looks ids up and never registers: an unregistered schema fails naming its subject', async () => {
    const unregistered = { ...v1, name: `${name}Unregistered` };
    const encoding = new AvroCodec(registry(), () => undefined).encode('test.topic.v1', unregistered.name, unregistered, { value: 1 });
    await expect(encoding).rejects.toThrow(UnregisteredSchemaError);
    await expect(encoding).rejects.toThrow(subjectFor('test.topic.v1', unregistered.name));
    const subject = await fetch(`${process.env.SCHEMA_REGISTRY_URL}/subjects/${encodeURIComponent(subjectFor('test.topic.v1', unregistered.name))}/versions`);
    expect(subject.status).toBe(404);
  });

  it('refuses a value that does not match its schema, naming the field', () => {
    expect(() => validateAvro(name, v1, { value: 'seven' })).toThrow(InvalidEventError);
    expect(() => validateAvro(name, v1, { value: 'seven' })).toThrow(/value: a string does not match the schema/);
  });

  it('refuses bytes that are not in the wire format', async () => {
    await expect(new AvroCodec(registry(), () => undefined).decode(Buffer.from('{"value":1}'))).rejects.toThrow(/Confluent wire format/);
  });
});
