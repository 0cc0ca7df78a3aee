import { randomUUID } from 'node:crypto';
import { contractFor, eventContracts, IdentityEventType } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient, toKafkaHeaders } from '@care-events/messaging';
import { nhsNumbers } from '../../services/identity/test/identity-fixtures';

export const IDENTITY_TOPIC = 'identity.patient.v1';

export interface IdentityBacklogOptions {
  registryUrl: string;
  /** Each patient gets one registration, then `updatesPerPatient` demographic updates. */
  patients: number;
  updatesPerPatient: number;
  /** The practices the patients are registered with, round-robin. */
  practices: string[];
}

/**
 * Identity events as identity publishes them (Avro in the Confluent wire format, CloudEvents headers,
 * key = patientId), encoded up front, so that putting them on the topic costs only the sends.
 */
export async function identityBacklog(options: IdentityBacklogOptions): Promise<ProducedMessage[]> {
  const codec = new AvroCodec(new SchemaRegistryClient(options.registryUrl), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const nextNhsNumber = nhsNumbers();
  const events: Array<{ type: string; value: { metadata: { eventId: string; patientId: string; occurredAt: number } } }> = [];
  for (let p = 0; p < options.patients; p++) {
    const patientId = randomUUID();
    const practice = options.practices[p % options.practices.length];
    events.push({ type: IdentityEventType.PatientRegistered, value: registered(patientId, nextNhsNumber(), practice) });
    for (let u = 0; u < options.updatesPerPatient; u++) {
      events.push({ type: IdentityEventType.PatientDemographicsUpdated, value: demographicsUpdated(patientId, u) });
    }
  }
  return Promise.all(
    events.map(async ({ type, value }) => ({
      topic: IDENTITY_TOPIC,
      key: value.metadata.patientId,
      value: await codec.encode(IDENTITY_TOPIC, type, contractFor(type).schema, value),
      headers: toKafkaHeaders({
        eventId: value.metadata.eventId, source: '/services/identity', type,
        time: new Date(value.metadata.occurredAt).toISOString(), subject: value.metadata.patientId,
      }),
    })),
  );
}

/** Sends the messages in batches of 1,000, as fast as the broker takes them. */
export async function putOnTopic(brokers: string[], messages: ProducedMessage[]): Promise<void> {
  const producer = new EventProducer(createKafka({ brokers, clientId: 'care-events-bench-backlog' }));
  try {
    for (let i = 0; i < messages.length; i += 1_000) await producer.send(messages.slice(i, i + 1_000));
  } finally {
    await producer.disconnect();
  }
}

function metadata(patientId: string) {
  const now = Date.now();
  return {
    eventId: randomUUID(), occurredAt: now, recordedAt: now, patientId,
    actor: { type: 'SYSTEM' as const, id: 'bench', odsCode: null }, correlationId: randomUUID(), causationId: null,
  };
}

function registered(patientId: string, nhsNumber: string, practice: string) {
  return {
    metadata: metadata(patientId), nhsNumber, name: { prefix: null, given: ['Jane'], family: 'Smith' }, birthDate: 0,
    gender: 'FEMALE', address: null, contact: null, registeredGpOdsCode: practice, nominatedPharmacyOdsCode: null, sensitive: false,
  };
}

function demographicsUpdated(patientId: string, update: number) {
  return {
    metadata: metadata(patientId), name: { prefix: null, given: ['Jane'], family: `Smith-${update}` }, birthDate: 0,
    gender: 'FEMALE', address: null, contact: null, changedFields: ['name'],
  };
}
