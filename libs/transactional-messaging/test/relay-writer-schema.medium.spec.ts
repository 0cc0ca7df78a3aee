import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { contractFor } from '@care-events/contracts';
import { SchemaRegistryClient, subjectFor } from '@care-events/messaging';
import { OutboxWriter, SqlOutboxStore } from '../src';
import { arrivals, createTopic, relayFactory } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox relay encodes with the writer schema', () => {
  let harness: Harness;
  let relays: ReturnType<typeof relayFactory>;

  beforeAll(async () => {
    harness = await messagingHarness();
    relays = relayFactory(harness);
  });

  afterAll(async () => {
    await relays?.stopAll();
    await harness?.close();
  });

  it('publishes rows of a newer schema version, from a relay that knows only the older one, with the new field intact', async () => {
    const older = contractFor(PATIENT_REGISTERED).schema;
    const newer = { ...older, fields: [...older.fields, { name: 'preferredLanguage', type: 'string', default: 'en' }] };
    const topic = await createTopic(harness, 'writer-schema');
    // Deploy time: provisioning of the newer build registers its schema after the older one.
    const registry = new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string);
    await registry.register(subjectFor(topic, PATIENT_REGISTERED), older);
    await registry.register(subjectFor(topic, PATIENT_REGISTERED), newer);

    // A newer replica writes; the relay of this process (harness codec and contracts: the older schema) publishes.
    const events = Array.from({ length: 5 }, () => ({ ...patientRegistered(), preferredLanguage: 'cy' }));
    const ids = new Set(events.map((event) => event.metadata.eventId));
    const newerWriter = new OutboxWriter(() => ({ topic, schema: newer as typeof older }));
    await harness.dataSource.transaction((manager) => newerWriter.append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))));
    const tap = await harness.tap([topic]);
    relays.create().start();
    await until(async () => (await new SqlOutboxStore(harness.dataSource).backlog()).unsent === 0);
    await until(() => arrivals(tap.messages, ids).size === ids.size);

    const independent = new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL as string });
    const decoded = await Promise.all(tap.messages.filter((m) => ids.has(m.headers.ce_id)).map((m) => independent.decode(m.raw)));
    expect(decoded.map((value) => value.preferredLanguage)).toEqual(events.map(() => 'cy'));
    expect(decoded.map((value) => value.metadata.eventId).sort()).toEqual([...ids].sort());
  });
});
