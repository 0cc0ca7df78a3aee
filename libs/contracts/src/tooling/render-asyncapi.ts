import type { AvroSchema, NamedSchema, RecordSchema } from '../avro-schema';
import { namespaceOf, qualify, shortName } from './avro-names';
import { type DeclaredTemplate, type DeclaredTopic, type DeclaredTopics, templatePlaceholders } from './declared-topics';
import { formatJson } from './json-file';
import type { EventDefinition, SchemaSet } from './schema-loader';
import { isNamedSchema, mapNested } from './schema-shapes';
import { currentEventSchemas } from './self-contained';

/** The Avro version the AsyncAPI Avro schema parser reads our schemas as. */
export const avroSchemaFormat = 'application/vnd.apache.avro+json;version=1.9.0';
const kafkaBindingVersion = '0.5.0';

/**
 * The domains whose events care-router copies to care settings: a subscription may name any of their
 * event types (DOMAIN_EVENT_TYPES of services/care-router/src/events/domain-events.consumer.ts).
 */
const copiedDomains = ['appointments', 'identity', 'medications', 'records', 'results'];

interface TemplateDescription {
  readonly description: string;
  readonly parameters: Readonly<Record<string, AsyncApiParameter>>;
  readonly carries: (event: EventDefinition) => boolean;
  /** Carries feed records (SchemaSet.feeds), each on a topic of its own, rather than copies of events. */
  readonly feed?: true;
}

/** What each topic template of deploy/topics.json carries; a template missing here fails the generation. */
const templateDescriptions: Readonly<Record<string, TemplateDescription>> = {
  'care-setting': {
    description:
      "One care setting's copies of the domain events about its patients, for the event types its subscription names. " +
      'A copy keeps the original value bytes (same schema id), key and headers, and adds ce_subscriptionid and ce_eventnumber ' +
      '(1, 2, 3 … per subscription, never reused: a gap means a copy is missing). Created by care-router when the subscription is activated.',
    parameters: { odsCode: { description: 'ODS code of the care setting, in upper case, e.g. A81001.', examples: ['A81001'] } },
    carries: (event) => copiedDomains.includes(event.domain),
  },
  analytics: {
    description:
      "One recipient's pseudonymised feed of one record type (docs/analytics.md): one schema per topic, registered under " +
      '`<topic>-value` (TopicNameStrategy), key = the recipient\'s pseudonym of the patient. Only patients without a national ' +
      'data opt-out; created by provisioning and the analytics service for each recipient of deploy/analytics/recipients.json.',
    parameters: {
      recipient: { description: 'Name of the recipient (deploy/analytics/recipients.json).', examples: ['population-health'] },
      type: { description: 'Record type: allergy, condition, encounter, medication, appointment, result or withdrawal.', examples: ['medication'] },
    },
    carries: (event) => event.domain === 'analytics',
    feed: true,
  },
};

export interface AsyncApiSources {
  readonly set: SchemaSet;
  readonly topics: DeclaredTopics;
  /** package.json's version and license. */
  readonly version: string;
  readonly license: string;
}

interface Reference {
  readonly $ref: string;
}

interface AsyncApiParameter {
  readonly description: string;
  readonly examples: readonly string[];
}

export interface AsyncApiChannel {
  readonly address: string;
  readonly title: string;
  readonly description: string;
  readonly parameters?: Readonly<Record<string, AsyncApiParameter>>;
  readonly messages: Readonly<Record<string, Reference>>;
  readonly bindings: { readonly kafka: { readonly partitions: number; readonly bindingVersion: string } };
}

export interface AsyncApiOperation {
  readonly action: 'receive';
  readonly channel: Reference;
  readonly summary: string;
  readonly messages: readonly Reference[];
}

type JsonObject = Readonly<Record<string, unknown>>;

export interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly description: string;
  readonly contentType: string;
  readonly headers: JsonObject;
  readonly payload: { readonly schemaFormat: string; readonly schema: RecordSchema } | Reference;
  readonly bindings: { readonly kafka: JsonObject };
}

export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: JsonObject;
  readonly defaultContentType: string;
  readonly servers: Readonly<Record<string, JsonObject>>;
  readonly channels: Readonly<Record<string, AsyncApiChannel>>;
  readonly operations: Readonly<Record<string, AsyncApiOperation>>;
  readonly components: { readonly messages: Readonly<Record<string, AsyncApiMessage>> };
}

/** docs/asyncapi.json: the document as written, in the project's JSON layout so that regenerating it changes no byte. */
export function renderAsyncApiDocument(sources: AsyncApiSources): string {
  return formatJson(asyncApiDocument(sources));
}

/**
 * An AsyncAPI 3.0.0 description of every declared topic, for subscribers and analysts. Maps are in key
 * order and nothing depends on the clock, so the same schemas and topics always give the same bytes;
 * the Avro schemas keep their own order (field order is part of an Avro schema).
 */
export function asyncApiDocument({ set, topics, version, license }: AsyncApiSources): AsyncApiDocument {
  const schemas = currentEventSchemas(set);
  const channels = [
    ...topics.topics.map((topic) => topicChannel(topic, set.events)),
    ...topics.templates.map((template) => templateChannel(template, templateDescriptions[template.template]?.feed ? set.feeds : set.events)),
  ];
  checkEveryEventHasAChannel(set.events, topics.topics);
  const messages = set.events.flatMap((event) => {
    const original: [string, AsyncApiMessage] = [event.fullName, eventMessage(event, schemas.get(event.fullName) as RecordSchema)];
    return copiedDomains.includes(event.domain) ? [original, [copyMessageId(event), copyMessage(event)] as [string, AsyncApiMessage]] : [original];
  });
  const feedMessages = set.feeds.map((feed): [string, AsyncApiMessage] => [feed.fullName, feedMessage(feed, schemas.get(feed.fullName) as RecordSchema)]);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'care-events',
      version,
      description:
        'The Kafka topics of care-events, for subscribers and analysts: each topic is a channel, each event type a message ' +
        '(Avro value in the Confluent wire format, CloudEvents headers, key = patientId). Generated by `npm run schemas:generate` ' +
        'from schemas/ and deploy/topics.json; docs/events.md explains every field.',
      license: { name: license },
    },
    defaultContentType: 'application/avro',
    servers: servers(),
    channels: sortedRecord(channels.map(({ id, channel }) => [id, channel])),
    operations: sortedRecord(channels.map(({ id, channel }) => [`receive-${id}`, receiveOperation(id, channel)])),
    components: { messages: sortedRecord([...messages, ...feedMessages]) },
  };
}

function servers(): Record<string, JsonObject> {
  return {
    local: {
      host: '127.0.0.1:9092',
      protocol: 'kafka',
      title: 'Local platform',
      description: 'The broker `npm start` runs (the default of KAFKA_BROKERS), with its Confluent-compatible schema registry.',
      bindings: { kafka: { schemaRegistryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7', bindingVersion: kafkaBindingVersion } },
    },
    production: {
      host: 'kafka.example.invalid:9092',
      protocol: 'kafka',
      title: 'Production (placeholder)',
      description:
        'A placeholder, not a real address: the production brokers, schema registry and credentials are given to each ' +
        'subscriber when it is onboarded. The topics, messages and keys are the same as on the local platform.',
    },
  };
}

interface IdentifiedChannel {
  readonly id: string;
  readonly channel: AsyncApiChannel;
}

function topicChannel(topic: DeclaredTopic, events: readonly EventDefinition[]): IdentifiedChannel {
  const carried = events.filter((event) => event.topic === topic.name);
  if (carried.length === 0) throw new Error(`deploy/topics.json declares ${topic.name}, but no schema's domain publishes on it (schemas/topics.json)`);
  const publisher = topic.owner ?? topic.writers ?? 'its owner';
  return {
    id: topic.name,
    channel: {
      address: topic.name,
      title: topic.name,
      description: `Published by ${publisher}. Key = patientId: a patient's events stay in order on one partition. Read it with a consumer group of your own.`,
      messages: sortedRecord(carried.map((event) => [event.fullName, { $ref: `#/components/messages/${event.fullName}` }])),
      bindings: { kafka: { partitions: topic.partitions, bindingVersion: kafkaBindingVersion } },
    },
  };
}

function templateChannel(template: DeclaredTemplate, events: readonly EventDefinition[]): IdentifiedChannel {
  const described = templateDescriptions[template.template];
  if (!described) throw new Error(`deploy/topics.json declares the topic template ${template.template}, which the AsyncAPI document does not describe`);
  const undescribed = templatePlaceholders(template.name).filter((placeholder) => !described.parameters[placeholder]);
  if (undescribed.length) throw new Error(`topic template ${template.template}: no description of {${undescribed.join('}, {')}}`);
  const carried = events.filter(described.carries);
  return {
    id: template.template,
    channel: {
      address: template.name,
      title: template.name,
      description: described.description,
      parameters: described.parameters,
      messages: sortedRecord(carried.map((event) => [event.fullName, { $ref: `#/components/messages/${described.feed ? event.fullName : copyMessageId(event)}` }])),
      bindings: { kafka: { partitions: template.partitions, bindingVersion: kafkaBindingVersion } },
    },
  };
}

function checkEveryEventHasAChannel(events: readonly EventDefinition[], topics: readonly DeclaredTopic[]): void {
  const declared = new Set(topics.map((topic) => topic.name));
  const undeclared = [...new Set(events.map((event) => event.topic).filter((topic) => !declared.has(topic)))];
  if (undeclared.length) throw new Error(`schemas/topics.json publishes on ${undeclared.join(', ')}, which deploy/topics.json does not declare`);
}

function receiveOperation(id: string, channel: AsyncApiChannel): AsyncApiOperation {
  return {
    action: 'receive',
    channel: { $ref: `#/channels/${id}` },
    summary: `Read ${channel.address}.`,
    messages: Object.keys(channel.messages).map((message) => ({ $ref: `#/channels/${id}/messages/${message}` })),
  };
}

const patientIdKey = {
  type: 'string',
  format: 'uuid',
  description: "The patientId, as UTF-8: all of a patient's events on a topic go to one partition, in order.",
};

function eventMessage(event: EventDefinition, schema: RecordSchema): AsyncApiMessage {
  const name = shortName(event.fullName);
  return {
    name,
    title: name,
    summary: schema.doc ?? name,
    description:
      `Avro in the Confluent wire format (byte 0, the 4-byte big-endian schema id, the Avro datum), the schema registered under ` +
      `the subject \`${event.topic}-${event.fullName}\` (TopicRecordNameStrategy).`,
    contentType: 'application/avro',
    headers: cloudEventHeaders(event.fullName, {}),
    payload: { schemaFormat: avroSchemaFormat, schema: withSplitNames(schema) as RecordSchema },
    bindings: {
      kafka: {
        key: patientIdKey,
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
        schemaLookupStrategy: 'TopicRecordNameStrategy',
        bindingVersion: kafkaBindingVersion,
      },
    },
  };
}

const pseudonymKey = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: "The recipient's pseudonym of the patient (HMAC-SHA-256, hex), as UTF-8: a patient's records stay on one partition.",
};

/** A feed record: one schema per topic, under `<topic>-value`; its headers' ce_subject is the pseudonym. */
function feedMessage(feed: EventDefinition, schema: RecordSchema): AsyncApiMessage {
  const name = shortName(feed.fullName);
  const headers = cloudEventHeaders(feed.fullName, {}) as { properties: Record<string, JsonObject> };
  const properties = {
    ...headers.properties,
    ce_id: { type: 'string', description: "The record's eventId (HMAC per recipient): deduplicate by it." },
    ce_subject: { type: 'string', description: 'The pseudonym, as in the key.' },
  };
  return {
    name,
    title: name,
    summary: schema.doc ?? name,
    description: `Avro in the Confluent wire format, the schema registered under the subject \`${feed.topic}-value\` (TopicNameStrategy).`,
    contentType: 'application/avro',
    headers: { ...headers, properties },
    payload: { schemaFormat: avroSchemaFormat, schema: withSplitNames(schema) as RecordSchema },
    bindings: {
      kafka: { key: pseudonymKey, schemaIdLocation: 'payload', schemaIdPayloadEncoding: 'confluent', schemaLookupStrategy: 'TopicNameStrategy', bindingVersion: kafkaBindingVersion },
    },
  };
}

/**
 * `schema` with each named type's full name written as a short name and a namespace: the Avro schema of
 * the AsyncAPI specification accepts only short names, and Avro reads both forms as the same type
 * (Avro specification, "Names"), so the schema stays the one registered.
 */
function withSplitNames(schema: AvroSchema): AvroSchema {
  if (typeof schema === 'string') return schema;
  const nested = mapNested(schema, withSplitNames);
  if (!isNamedSchema(nested)) return nested;
  const fullName = qualify(nested.name, nested.namespace);
  const attributes = Object.entries(nested).filter(([attribute]) => attribute !== 'namespace');
  const split = attributes.flatMap(([attribute, value]) =>
    attribute === 'name' ? [['name', shortName(fullName)], ['namespace', namespaceOf(fullName) ?? '']] : [[attribute, value]],
  );
  return Object.fromEntries(split) as NamedSchema;
}

const copyMessageId = (event: EventDefinition): string => `${event.fullName}.care-setting-copy`;

/** The copy's value is the original's bytes: its schema id is the one of the original topic's subject. */
function copyMessage(event: EventDefinition): AsyncApiMessage {
  const name = shortName(event.fullName);
  return {
    name,
    title: `${name} (care-setting copy)`,
    summary: `care-router's copy of ${event.fullName} from ${event.topic}.`,
    description:
      `The value bytes as published on ${event.topic}: Avro in the Confluent wire format, with the id of the schema registered ` +
      `under \`${event.topic}-${event.fullName}\`. Deduplicate by ce_id; ce_eventnumber orders the setting's copies.`,
    contentType: 'application/avro',
    headers: cloudEventHeaders(event.fullName, copyHeaders),
    payload: { $ref: `#/components/messages/${event.fullName}/payload` },
    bindings: { kafka: { key: patientIdKey, schemaIdLocation: 'payload', schemaIdPayloadEncoding: 'confluent', bindingVersion: kafkaBindingVersion } },
  };
}

/** The CloudEvents extension attributes care-router adds to a copy (libs/subscriber's care-setting-copy.ts reads them). */
const copyHeaders: Readonly<Record<string, JsonObject>> = {
  ce_subscriptionid: { type: 'string', format: 'uuid', description: 'The care-router subscription the copy was made for.' },
  ce_eventnumber: {
    type: 'string',
    pattern: '^[1-9][0-9]{0,15}$',
    description: "The copy's number, in decimal: 1, 2, 3 … per subscription, one more for each copy, never reused.",
  },
};

/** The Kafka headers of libs/messaging's cloud-event-headers.ts (CloudEvents Kafka binding, binary mode), plus `extra`. */
function cloudEventHeaders(fullName: string, extra: Readonly<Record<string, JsonObject>>): JsonObject {
  const required: Record<string, JsonObject> = {
    ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents version.' },
    ce_id: { type: 'string', format: 'uuid', description: 'The eventId (also metadata.eventId): delivery is at least once, so deduplicate by it.' },
    ce_source: { type: 'string', description: 'The publishing service, /services/<service>.' },
    ce_type: { type: 'string', const: fullName, description: "The record full name: which schema the value's datum has." },
    ce_time: { type: 'string', format: 'date-time', description: 'When the event occurred, ISO-8601 (metadata.occurredAt).' },
    ce_subject: { type: 'string', format: 'uuid', description: 'The patientId the event is about, as in the key.' },
    'content-type': { type: 'string', const: 'application/avro', description: 'The value is Avro (in the Confluent wire format).' },
    ...extra,
  };
  const optional: Record<string, JsonObject> = {
    traceparent: { type: 'string', description: 'W3C trace context of the request that caused the event, when it was traced.' },
    tracestate: { type: 'string', description: 'W3C trace state, with traceparent.' },
  };
  return {
    type: 'object',
    description: 'Kafka headers, each a UTF-8 string.',
    required: Object.keys(required),
    properties: { ...required, ...optional },
  };
}

function sortedRecord<T>(entries: ReadonlyArray<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
