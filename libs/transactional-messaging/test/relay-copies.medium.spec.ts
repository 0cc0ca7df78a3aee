import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { contractFor } from '@care-events/contracts';
import { TappedMessage, toKafkaHeaders } from '@care-events/messaging';
import { OutboxCopy, OutboxWriter, SqlOutboxStore } from '../src';
import { createTopic, readToEnd, relayFactory } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;
type Event = ReturnType<typeof patientRegistered>;

describe('outbox relay forwarding copies', () => {
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

  /** An event as its owning service put it on the wire: registry-encoded bytes and CloudEvents headers. */
  const published = async (event: Event) => ({
    value: await harness.codec.encode(TOPIC, PATIENT_REGISTERED, contractFor(PATIENT_REGISTERED).schema, event),
    headers: {
      ...toKafkaHeaders({ eventId: event.metadata.eventId, source: '/services/identity', type: PATIENT_REGISTERED, time: new Date(event.metadata.occurredAt).toISOString(), subject: event.metadata.patientId }),
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
  });
  const copiesOf = async (topic: string, events: Event[], subscriptionId = randomUUID()): Promise<OutboxCopy[]> =>
    Promise.all(events.map(async (event, i) => {
      const original = await published(event);
      return {
        outboxEventId: randomUUID(),
        eventType: PATIENT_REGISTERED,
        topic,
        key: event.metadata.patientId,
        value: original.value,
        headers: { ...original.headers, ce_subscriptionid: subscriptionId, ce_eventnumber: String(i + 1) },
        occurredAt: new Date(event.metadata.occurredAt),
      };
    }));
  const onTopic = (messages: TappedMessage[], topic: string) =>
    messages.filter((m) => m.topic === topic).sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));

  it('publishes a copy byte for byte with its stored headers, in the order appended, and still encodes ordinary rows', async () => {
    const topic = await createTopic(harness, 'copies', 1);
    const patient = randomUUID();
    const events = Array.from({ length: 1_500 }, () => patientRegistered('Copy', patient));
    const copies = await copiesOf(topic, events);
    const ordinary = patientRegistered('Ordinary');
    const writer = new OutboxWriter();
    await harness.dataSource.transaction(async (manager) => {
      await writer.appendCopies(manager, copies.slice(0, 2));
      await writer.append(manager, [{ type: PATIENT_REGISTERED, value: ordinary }]);
      await writer.appendCopies(manager, copies.slice(2));
      await writer.appendCopies(manager, []);
    });
    const tap = await harness.tap([topic, TOPIC]);
    const relay = relays.create();
    relay.start();
    await until(async () => (await new SqlOutboxStore(harness.dataSource).backlog()).unsent === 0);
    await readToEnd(harness, tap, topic);
    await until(() => tap.messages.some((m) => m.headers.ce_id === ordinary.metadata.eventId));

    const forwarded = onTopic(tap.messages, topic);
    expect(forwarded).toHaveLength(copies.length);
    forwarded.forEach((message, i) => {
      expect(message.raw.equals(copies[i].value)).toBe(true);
      expect(message.headers).toEqual(copies[i].headers);
      expect(message.key).toBe(patient);
    });
    expect(forwarded.map((m) => m.headers.ce_eventnumber)).toEqual(copies.map((_, i) => String(i + 1)));
    // Same schema id as the original: any Confluent client decodes it to the original event.
    const independent = new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL as string });
    expect((await independent.decode(forwarded[0].raw)).metadata.eventId).toBe(events[0].metadata.eventId);
    expect(forwarded[0].raw.readUInt32BE(1)).toBe(copies[0].value.readUInt32BE(1));

    const [encoded] = tap.messages.filter((m) => m.headers.ce_id === ordinary.metadata.eventId);
    expect(encoded.topic).toBe(TOPIC);
    expect('value' in encoded.decoded && encoded.decoded.value).toEqual(ordinary);
    expect(encoded.headers).toMatchObject({ ce_source: '/services/test', ce_type: PATIENT_REGISTERED, ce_subject: ordinary.metadata.patientId });
    expect(encoded.headers.ce_eventnumber).toBeUndefined();

    const rows = await harness.dataSource.query('select event_id, payload from outbox_message where topic = $1 order by id', [topic]);
    expect(rows.map((row: { event_id: string }) => row.event_id)).toEqual(copies.map((c) => c.outboxEventId));
    expect(rows[0].payload).toEqual({ copyOf: events[0].metadata.eventId, bytes: copies[0].value.length });
    await relay.stop(1_000);
  });

  it('sends a patient\'s copies while one of their ordinary rows cannot be encoded', async () => {
    const topic = await createTopic(harness, 'copies-held', 1);
    const patient = randomUUID();
    const older = contractFor(PATIENT_REGISTERED).schema;
    const unregistered = { ...older, fields: [...older.fields, { name: 'copyTestField', type: 'boolean', default: false }] };
    const stuck = patientRegistered('Stuck', patient);
    const copies = await copiesOf(topic, [patientRegistered('Copy', patient), patientRegistered('Copy', patient)]);
    await harness.dataSource.transaction(async (manager) => {
      await new OutboxWriter(() => ({ topic: TOPIC, schema: unregistered as typeof older })).append(manager, [{ type: PATIENT_REGISTERED, value: stuck }]);
      await new OutboxWriter().appendCopies(manager, copies);
    });
    const tap = await harness.tap([topic]);
    const relay = relays.create({ options: { stuckRetryMs: 60_000 } });
    relay.start();

    await until(() => onTopic(tap.messages, topic).length === copies.length);
    expect(onTopic(tap.messages, topic).map((m) => m.headers.ce_id)).toEqual(copies.map((c) => c.headers.ce_id));
    // The copies going does not count as the patient moving again: the row stays reported.
    await until(() => relay.status().stuck.length === 1);
    expect(relay.status().stuck.map((row) => row.eventId)).toEqual([stuck.metadata.eventId]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.status().stuck.map((row) => row.eventId)).toEqual([stuck.metadata.eventId]);
  });
});
