import { randomUUID } from 'node:crypto';
import { contractFor } from '@care-events/contracts';
import { SchemaRegistryClient, subjectFor } from '@care-events/messaging';
import { OutboxRelay, OutboxWriter, SqlOutboxStore } from '../src';
import { createTopic, relayFactory } from './relay-fixtures';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;
type Event = ReturnType<typeof patientRegistered>;

describe('outbox relay with a row it cannot publish', () => {
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

  const write = (events: Event[], writer = new OutboxWriter()) =>
    harness.dataSource.transaction((manager) => writer.append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))));
  const eventsOf = (patientId: ReturnType<typeof randomUUID>, count: number) => Array.from({ length: count }, () => patientRegistered('Smith', patientId));

  it('holds back only that patient, keeps every patient in order, and reports the row until it goes', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((_, i) => eventsOf(randomUUID(), i === 0 ? 3 : 2));
    // A newer replica's schema that provisioning has not registered yet (patient d).
    const older = contractFor(PATIENT_REGISTERED).schema;
    const unregistered = { ...older, fields: [...older.fields, { name: 'interpreterNeeded', type: 'boolean', default: false }] };
    await write([a[0], b[0], a[1], b[1], c[0]]);
    await write([d[0], d[1]], new OutboxWriter(() => ({ topic: TOPIC, schema: unregistered as typeof older })));
    await write([c[1], a[2]]);
    // b's first row no longer matches its schema (as a bad migration or a hand edit would leave it).
    await harness.dataSource.query(`update outbox_message set payload = jsonb_set(payload, '{nhsNumber}', '12') where event_id = $1`, [b[0].metadata.eventId]);

    const logged: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
    const tap = await harness.tap([TOPIC]);
    const relay = relays.create({ options: { stuckRetryMs: 300, log: (level, message, details) => logged.push({ level, message, details }) } });
    relay.start();

    // a[2] and c[1] were written after every row of b and d: once they are out, so is all that could go.
    await until(() => published(tap.messages, [a[2], c[1]]).length === 2);
    expect(published(tap.messages, [...a, ...c]).map(eventId).sort()).toEqual([...a, ...c].map(eventId).sort());
    expect(published(tap.messages, [...b, ...d])).toEqual([]);
    expect(inPatientOrder(tap.messages, [a, c])).toBe(true);

    const stuck = relay.status().stuck;
    expect(stuck).toEqual(expect.arrayContaining([
      expect.objectContaining({ eventId: b[0].metadata.eventId, eventType: PATIENT_REGISTERED, messageKey: b[0].metadata.patientId, unregisteredSubject: null, error: expect.stringMatching(/nhsNumber|invalid|string/i) }),
      expect.objectContaining({ eventId: d[0].metadata.eventId, messageKey: d[0].metadata.patientId, unregisteredSubject: subjectFor(TOPIC, PATIENT_REGISTERED) }),
    ]));
    expect(stuck).toHaveLength(2);
    expect(stuck.every((row) => /^\d+$/.test(row.id))).toBe(true);
    expect(relay.status().unregisteredSubjects).toEqual([subjectFor(TOPIC, PATIENT_REGISTERED)]);
    expect(logged.filter((entry) => entry.level === 'error').map((entry) => entry.details?.eventId)).toEqual(
      expect.arrayContaining([b[0].metadata.eventId, d[0].metadata.eventId]),
    );

    // The row is repaired: b's events go, in order, and the relay no longer reports it.
    await harness.dataSource.query(`update outbox_message set payload = $2 where event_id = $1`, [b[0].metadata.eventId, JSON.stringify(b[0])]);
    await until(() => published(tap.messages, b).length === 2);
    expect(inPatientOrder(tap.messages, [b])).toBe(true);
    await until(() => stuckIds(relay).length === 1);
    expect(stuckIds(relay)).toEqual([d[0].metadata.eventId]);
    expect((await new SqlOutboxStore(harness.dataSource).backlog()).unsent).toBe(2);
  });
});

const eventId = (event: Event) => event.metadata.eventId;
const stuckIds = (relay: OutboxRelay) => relay.status().stuck.map((row) => row.eventId);

function published(messages: Array<{ headers: Record<string, string> }>, events: Event[]) {
  const wanted = new Set(events.map(eventId));
  return messages.filter((message) => wanted.has(message.headers.ce_id)).map((message) => ({ metadata: { eventId: message.headers.ce_id } }) as Event);
}

/** Each patient's events arrive in the order they were written (one partition per key, offsets ascending). */
function inPatientOrder(messages: Array<{ headers: Record<string, string>; offset: string }>, patients: Event[][]): boolean {
  return patients.every((events) => {
    const offsets = events.map((event) => Number(messages.find((message) => message.headers.ce_id === eventId(event))?.offset));
    return offsets.every((offset, i) => i === 0 || offset > offsets[i - 1]);
  });
}

describe('outbox relay and a schema provisioning has not registered', () => {
  it('waits with the subject named, then publishes once the schema is registered', async () => {
    const harness = await messagingHarness();
    const relays = relayFactory(harness);
    try {
      const topic = await createTopic(harness, 'unregistered');
      const older = contractFor(PATIENT_REGISTERED).schema;
      const events = Array.from({ length: 3 }, () => patientRegistered());
      await harness.dataSource.transaction((manager) =>
        new OutboxWriter(() => ({ topic, schema: older })).append(manager, events.map((value) => ({ type: PATIENT_REGISTERED, value }))),
      );
      const relay = relays.create({ options: { stuckRetryMs: 300 } });
      relay.start();
      await until(() => relay.status().stuck.length === 3);
      expect(relay.status().unregisteredSubjects).toEqual([subjectFor(topic, PATIENT_REGISTERED)]);
      expect((await new SqlOutboxStore(harness.dataSource).backlog()).unsent).toBe(3);

      // Deploy-time registration, as provisioning does it; the rows go on the next retry.
      await new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string).register(subjectFor(topic, PATIENT_REGISTERED), older);
      await until(async () => (await new SqlOutboxStore(harness.dataSource).backlog()).unsent === 0);
      expect(relay.status()).toMatchObject({ stuck: [], unregisteredSubjects: [] });
    } finally {
      await relays.stopAll();
      await harness.close();
    }
  });
});
