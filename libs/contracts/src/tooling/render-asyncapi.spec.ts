import { join } from 'node:path';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import type { AvroSchema } from '../avro-schema';
import { eventContracts, feedContracts } from '../generated';
import { qualify, shortName } from './avro-names';
import { avscType } from './avsc-type';
import { readDeclaredTopics } from './declared-topics';
import { findStaleDocuments, renderGeneratedDocuments } from './generated-documents';
import { readJson } from './json-file';
import { asyncApiDocument, type AsyncApiMessage, avroSchemaFormat, renderAsyncApiDocument } from './render-asyncapi';
import { loadSchemaSet } from './schema-loader';
import { isNamedSchema, mapNested } from './schema-shapes';
import { workspacePaths } from './workspace-paths';

describe('the AsyncAPI document (docs/asyncapi.json)', () => {
  const set = loadSchemaSet(workspacePaths.schemasDir);
  const topics = readDeclaredTopics(workspacePaths.topicsFile);
  const { version } = readJson(join(workspacePaths.root, 'package.json')) as { version: string };
  const sources = { set, topics, version, license: 'MIT' };
  const document = asyncApiDocument(sources);
  const contracts = Object.values(eventContracts);

  /** The value a local `#/…` JSON pointer names in the document, or undefined. */
  const resolve = (ref: string): unknown =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);

  const messagesOf = (channelId: string): AsyncApiMessage[] =>
    Object.values(document.channels[channelId].messages).map(({ $ref }) => resolve($ref) as AsyncApiMessage);
  const headersOf = (message: AsyncApiMessage) => message.headers as { required: string[]; properties: Record<string, { const?: string }> };

  it('is committed as generated (run npm run schemas:generate when this fails)', () => {
    const asyncApi = new Map([...renderGeneratedDocuments(set)].filter(([path]) => path === workspacePaths.asyncApiDocument));
    expect(asyncApi.size).toBe(1);
    expect(findStaleDocuments(asyncApi)).toEqual([]);
  });

  it('renders the same bytes every time', () => {
    expect(renderAsyncApiDocument({ ...sources, set: loadSchemaSet(workspacePaths.schemasDir) })).toBe(renderAsyncApiDocument(sources));
  });

  it('has the shape of an AsyncAPI 3.0.0 document, with the local broker and a placeholder production server', () => {
    expect(document).toMatchObject({ asyncapi: '3.0.0', info: { title: 'care-events', version } });
    expect(document.servers.local).toMatchObject({ host: '127.0.0.1:9092', protocol: 'kafka' });
    expect(document.servers.production).toMatchObject({ protocol: 'kafka', description: expect.stringMatching(/placeholder/i) });
    for (const [id, operation] of Object.entries(document.operations)) {
      expect({ id, action: operation.action }).toEqual({ id, action: 'receive' });
      const channel = resolve(operation.channel.$ref);
      expect(channel).toBeDefined();
      // AsyncAPI 3: an operation's messages are references to messages of its own channel.
      for (const { $ref } of operation.messages) expect($ref.startsWith(`${operation.channel.$ref}/messages/`) && resolve($ref)).toBeTruthy();
    }
    expect(Object.values(document.operations).map((operation) => operation.channel.$ref).sort()).toEqual(
      Object.keys(document.channels).map((id) => `#/channels/${id}`).sort(),
    );
  });

  describe('read by the AsyncAPI parser with its Avro schema parser', () => {
    const errorsOf = async (text: string): Promise<string[]> => {
      const parser = new Parser();
      parser.registerSchemaParser(AvroSchemaParser());
      const { diagnostics } = await parser.parse(text);
      return diagnostics.filter(({ severity }) => severity === DiagnosticSeverity.Error).map(({ path, message }) => `${path.join('/')}: ${message}`);
    };

    it('parses with no error', async () => {
      expect(await errorsOf(renderAsyncApiDocument(sources))).toEqual([]);
    });

    it('finds errors in a document that breaks the specification', async () => {
      const broken = { ...document, operations: { ...document.operations, 'receive-care-setting': { action: 'listen' } } };
      expect(await errorsOf(JSON.stringify(broken))).not.toEqual([]);
    });
  });

  it('has every reference point at something in the document', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(contracts.length);
    const dangling = refs.map((ref) => ref.slice('"$ref":"'.length, -1)).filter((ref) => resolve(ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('makes every declared topic a channel with its address and partitions', () => {
    for (const topic of topics.topics) {
      expect(document.channels[topic.name]).toMatchObject({ address: topic.name, bindings: { kafka: { partitions: topic.partitions } } });
    }
    expect(document.channels['care-setting']).toMatchObject({
      address: 'care-setting.{odsCode}.events.v1',
      parameters: { odsCode: { description: expect.any(String) } },
      bindings: { kafka: { partitions: 1 } },
    });
    expect(Object.keys(document.channels)).toHaveLength(topics.topics.length + topics.templates.length);
  });

  /** The schema as registered: every named type under its full name, without a namespace attribute. */
  const withFullNames = (schema: AvroSchema): AvroSchema => {
    if (typeof schema === 'string') return schema;
    const nested = mapNested(schema, withFullNames);
    if (!isNamedSchema(nested)) return nested;
    const { namespace, ...attributes } = nested;
    return { ...attributes, name: qualify(nested.name, namespace) };
  };

  it("puts every event type of the catalog on its topic's channel, with its Avro schema, headers and key", () => {
    expect(contracts.length).toBe(set.events.length);
    for (const contract of contracts) {
      const message = messagesOf(contract.topic).find((candidate) => candidate.name === shortName(contract.fullName));
      const payload = message?.payload as { schemaFormat: string; schema: AvroSchema };
      expect({ event: contract.fullName, schemaFormat: payload.schemaFormat, schema: withFullNames(payload.schema) }).toEqual({
        event: contract.fullName,
        schemaFormat: avroSchemaFormat,
        schema: contract.schema,
      });
      expect(avscType(payload.schema).fingerprint().equals(avscType(contract.schema).fingerprint())).toBe(true);
      expect(message?.headers).toMatchObject({ properties: { ce_type: { const: contract.fullName } }, required: expect.arrayContaining(['ce_id', 'ce_subject', 'ce_type']) });
      expect(message?.bindings.kafka).toMatchObject({ key: { type: 'string', format: 'uuid' }, schemaLookupStrategy: 'TopicRecordNameStrategy' });
    }
    const carried = Object.keys(document.channels).filter((id) => id !== 'care-setting' && id !== 'analytics').flatMap((id) => Object.keys(document.channels[id].messages));
    expect(carried.sort()).toEqual(contracts.map((contract) => contract.fullName).sort());
  });

  it('gives the analytics channel every feed record, each under its <topic>-value subject and keyed by a pseudonym', () => {
    const channel = document.channels.analytics;
    expect(channel.address).toBe('analytics.{recipient}.{type}.v1');
    expect(Object.keys(channel.messages).sort()).toEqual(Object.keys(feedContracts).sort());
    for (const contract of Object.values(feedContracts)) {
      const message = resolve(channel.messages[contract.fullName].$ref) as AsyncApiMessage;
      expect(message.bindings.kafka).toMatchObject({ key: { pattern: '^[0-9a-f]{64}$' }, schemaLookupStrategy: 'TopicNameStrategy' });
      expect(avscType((message.payload as { schema: AvroSchema }).schema).fingerprint().equals(avscType(contract.schema).fingerprint())).toBe(true);
    }
  });

  it("gives the care-setting channel copies of the domain topics' events, with the copy headers and the original schema", () => {
    const domainTopics = ['appointments.appointment.v1', 'identity.patient.v1', 'medications.medication.v1', 'records.clinical.v1', 'results.report.v1'];
    const copied = contracts.filter((contract) => domainTopics.includes(contract.topic));
    expect(Object.keys(document.channels['care-setting'].messages).sort()).toEqual(copied.map((contract) => contract.fullName).sort());
    for (const copy of messagesOf('care-setting')) {
      const headers = headersOf(copy);
      expect(headers.required).toEqual(expect.arrayContaining(['ce_subscriptionid', 'ce_eventnumber']));
      const original = resolve((copy.payload as { $ref: string }).$ref) as { schema: { name: string; namespace: string } };
      expect(qualify(original.schema.name, original.schema.namespace)).toBe(headers.properties.ce_type.const);
    }
  });

  it('refuses a topic the schemas publish on that deploy/topics.json does not declare, and a template it cannot describe', () => {
    const withoutIdentity = { ...topics, topics: topics.topics.filter((topic) => topic.name !== 'identity.patient.v1') };
    expect(() => asyncApiDocument({ ...sources, topics: withoutIdentity })).toThrow(/publishes on identity.patient.v1, which deploy\/topics.json does not declare/);
    const unknownTemplate = { ...topics, templates: [...topics.templates, { template: 'region', name: 'region.{code}.events.v1', partitions: 1 }] };
    expect(() => asyncApiDocument({ ...sources, topics: unknownTemplate })).toThrow(/topic template region/);
  });
});
