import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { contractFor, eventContracts, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient, subjectFor, TopicTap } from '@care-events/messaging';
import { OutboxRelay, OutboxWriter, PgRelayLeadership, SqlOutboxStore, transactionalMessagingMigrations } from '@care-events/transactional-messaging';
import { freePort } from './free-port';
import { RegistryOptions, RunningRegistry, startSchemaRegistry } from './schema-registry';
import { eventually } from './testing/eventually';
import { createThrowawayDatabase } from './testing/throwaway-database';

const TYPE = IdentityEventType.PatientRegistered;

describe('outbox relay while the schema registry is down', () => {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'registry-outage-test' });
  const producer = new EventProducer(kafka);
  const closers: Array<() => Promise<unknown>> = [];
  let registry: RunningRegistry | undefined;
  let options: RegistryOptions;

  beforeAll(async () => {
    // A registry of this test's own, keeping its schemas in PostgreSQL across the restart, as a deployment does.
    const registryDatabase = await createThrowawayDatabase('registry');
    const database = new URL(registryDatabase.url);
    options = {
      dir: join(tmpdir(), `registry-outage-${randomUUID()}`),
      port: await freePort(),
      jdbcUrl: `jdbc:postgresql://${database.host}${database.pathname}`,
      jdbcUser: decodeURIComponent(database.username) || 'postgres',
      jdbcPassword: decodeURIComponent(database.password),
    };
    closers.push(() => registryDatabase.drop(), async () => rmSync(options.dir, { recursive: true, force: true }));
    registry = await startSchemaRegistry(options);
  }, 180_000);

  afterAll(async () => {
    await registry?.stop();
    await producer.disconnect();
    for (const close of closers.reverse()) await close();
  });

  it('accepts writes, holds them while the registry is down, and publishes each once when it is back', async () => {
    const running = registry as RunningRegistry;
    const { schema } = contractFor(TYPE);
    const topic = await createTopic(`test.registry-outage.${randomUUID().slice(0, 8)}`);
    await new SchemaRegistryClient(running.url).register(subjectFor(topic, TYPE), schema); // deploy time
    await running.stop();
    registry = undefined;

    const outbox = await outboxDatabase();
    const events = Array.from({ length: 20 }, patientRegistered);
    const ids = new Set(events.map((event) => event.metadata.eventId));
    await outbox.dataSource.transaction((manager) => new OutboxWriter(() => ({ topic, schema })).append(manager, events.map((value) => ({ type: TYPE, value }))));

    // A relay started now has no schema id cached: it must ask the registry.
    const codec = new AvroCodec(new SchemaRegistryClient(running.url), (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
    const store = new SqlOutboxStore(outbox.dataSource);
    const relay = new OutboxRelay(store, codec, producer, new PgRelayLeadership(outbox.url), { source: '/services/test', pollIntervalMs: 100, errorBackoffMs: 200 });
    relay.start();
    closers.push(() => relay.stop(1_000));
    await eventually('the relay to find the registry down', async () => /schema registry unreachable/.test(relay.status().lastError ?? ''));
    expect((await store.backlog()).unsent).toBe(20);
    expect(relay.status().stuck).toEqual([]); // an outage is no fault of any row

    registry = await startSchemaRegistry(options);
    await eventually('the outbox to empty', async () => (await store.backlog()).unsent === 0, 60_000);
    const tap = await new TopicTap(kafka, codec, `test-tap-${randomUUID()}`).start([topic]);
    closers.push(() => tap.stop());
    await eventually('the tap to read the whole topic', async () => tap.messages.length >= (await messagesIn(topic)));
    // Every arrival counted: the topic holds these events and nothing else.
    expect(tap.messages.map((message) => message.headers.ce_id).sort()).toEqual([...ids].sort());
    const independent = new SchemaRegistry({ host: registry.url });
    const decoded = await Promise.all(tap.messages.map((message) => independent.decode(message.raw)));
    expect(decoded.map((value) => value.metadata.eventId).sort()).toEqual([...ids].sort());
  });

  async function outboxDatabase() {
    const database = await createThrowawayDatabase('outbox');
    const dataSource = await new DataSource({ type: 'postgres', url: database.url, migrations: transactionalMessagingMigrations, migrationsRun: true }).initialize();
    closers.push(() => database.drop(), () => dataSource.destroy());
    return { url: database.url, dataSource };
  }

  async function createTopic(topic: string): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
    } finally {
      await admin.disconnect();
    }
    return topic;
  }

  async function messagesIn(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    } finally {
      await admin.disconnect();
    }
  }
});

function patientRegistered(): PatientRegistered {
  const now = Date.now();
  return {
    metadata: { eventId: randomUUID(), occurredAt: now, recordedAt: now, patientId: randomUUID(), actor: { type: 'SYSTEM', id: 'test', odsCode: null }, correlationId: randomUUID(), causationId: null },
    nhsNumber: '9990000018',
    name: { prefix: null, given: ['Test'], family: 'Smith' },
    birthDate: 0,
    gender: 'UNKNOWN',
    address: null,
    contact: null,
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  };
}
