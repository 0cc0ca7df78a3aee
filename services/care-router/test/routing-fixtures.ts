import { randomBytes, randomUUID } from 'node:crypto';
import { contractFor, EventType, IdentityEventType, MedicationsEventType, RecordsEventType } from '@care-events/contracts';
import { asStaff, callService, eventually, groupAtTopicEnds, startServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { CARE_ROUTER_SERVICE, CareRouterModule } from '../src/care-router.module';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient, TappedMessage, TopicTap, toKafkaHeaders } from '@care-events/messaging';

export const REGISTERED = IdentityEventType.PatientRegistered;
export const GP_CHANGED = IdentityEventType.PatientGpRegistrationChanged;
export const PHARMACY_CHANGED = IdentityEventType.PatientNominatedPharmacyChanged;
export const DEMOGRAPHICS_UPDATED = IdentityEventType.PatientDemographicsUpdated;
export const ALLERGY_RECORDED = RecordsEventType.AllergyRecorded;
export const PRESCRIBED = MedicationsEventType.MedicationPrescribed;
/** The event types every test subscription takes. */
export const ROUTED_TYPES: string[] = [REGISTERED, GP_CHANGED, PHARMACY_CHANGED, DEMOGRAPHICS_UPDATED, ALLERGY_RECORDED, PRESCRIBED];

/** A member of staff whose selected role is administrator: who activates, pauses, resumes and ends subscriptions. */
export const asAdministrator = (userId = 'ADM0001') => asStaff({ userId, odsCode: 'X26', role: 'administrator' });

/** An ODS code no other test uses, so each test's care-setting topics hold its own copies only. */
export const freshOdsCode = (prefix = 'T'): string => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;
export const careSettingTopic = (odsCode: string): string => `care-setting.${odsCode}.events.v1`;

const kafka = () => createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'care-router-test' });

/**
 * A consumer group whose committed offsets are the current end of every topic the router reads:
 * a router in it handles this test's events, not the thousands earlier tests left on the topics.
 */
export function groupAtEndOfDomainTopics(): Promise<string> {
  return groupAtTopicEnds(CARE_ROUTER_SERVICE.consumes ?? [], 'care-router-test');
}

/** The router in this process, reading from the end of the domain topics. */
export async function startRouter(env: Record<string, string> = {}) {
  return startServiceUnderTest('care-router', CareRouterModule, { CONSUMER_GROUP: await groupAtEndOfDomainTopics(), ...env });
}

/** A domain event as its owning service would publish it. */
export interface DomainEventToPublish {
  type: EventType;
  patientId: string;
  body: object;
  eventId: string;
}

const event = (type: EventType, patientId: string, body: object): DomainEventToPublish => ({ type, patientId, body, eventId: randomUUID() });
const practitioner = (odsCode: string) => ({ practitionerId: 'G8123456', name: null, odsCode });

export const events = {
  registered: (patientId: string, gp: string, pharmacy: string | null = null, sensitive = false) =>
    event(REGISTERED, patientId, {
      nhsNumber: '9990000018', name: { prefix: null, given: ['Test'], family: 'Patient' }, birthDate: 0, gender: 'UNKNOWN',
      address: null, contact: null, registeredGpOdsCode: gp, nominatedPharmacyOdsCode: pharmacy, sensitive,
    }),
  gpChanged: (patientId: string, previous: string, gp: string) => event(GP_CHANGED, patientId, { previousGpOdsCode: previous, gpOdsCode: gp }),
  pharmacyChanged: (patientId: string, previous: string | null, pharmacy: string | null) =>
    event(PHARMACY_CHANGED, patientId, { previousPharmacyOdsCode: previous, pharmacyOdsCode: pharmacy }),
  demographicsUpdated: (patientId: string) =>
    event(DEMOGRAPHICS_UPDATED, patientId, {
      name: { prefix: null, given: ['Test'], family: `Patient${randomBytes(2).toString('hex')}` }, birthDate: 0, gender: 'UNKNOWN',
      address: null, contact: null, changedFields: ['name'],
    }),
  allergyRecorded: (patientId: string, odsCode: string) =>
    event(ALLERGY_RECORDED, patientId, {
      allergyId: randomUUID(), substance: { conceptId: '764146007', term: 'Penicillin' }, type: 'ALLERGY', reaction: null, severity: 'SEVERE',
      criticality: 'HIGH', verificationStatus: 'CONFIRMED', recordedBy: practitioner(odsCode), onsetDate: null,
    }),
  prescribed: (patientId: string, odsCode: string) =>
    event(PRESCRIBED, patientId, {
      medicationId: randomUUID(), medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' }, dosageText: 'One capsule three times a day',
      route: 'ORAL', quantity: { value: 21, unit: '{capsule}' }, courseType: 'ACUTE', prescriber: practitioner(odsCode), allergyOverride: null,
    }),
};

/** Publishes domain events straight to their topics, in the given order per patient, in batches. */
export class DomainEventPublisher {
  private readonly codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  private readonly producer = new EventProducer(kafka());
  /** The value bytes each event was published with, by eventId. */
  readonly published = new Map<string, Buffer>();

  async publish(toPublish: DomainEventToPublish[], batchSize = 500): Promise<void> {
    for (let start = 0; start < toPublish.length; start += batchSize) {
      const messages = await Promise.all(toPublish.slice(start, start + batchSize).map(async ({ type, patientId, body, eventId }) => {
        const { topic, schema } = contractFor(type);
        const now = Date.now();
        const metadata = { eventId, occurredAt: now, recordedAt: now, patientId, actor: { type: 'SYSTEM', id: 'test', odsCode: null }, correlationId: eventId, causationId: null };
        const value = await this.codec.encode(topic, type, schema, { metadata, ...body });
        this.published.set(eventId, value);
        return { topic, key: patientId, value, headers: toKafkaHeaders({ eventId, source: '/services/test', type, time: new Date(now).toISOString(), subject: patientId }) };
      }));
      await this.producer.send(messages);
    }
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

/** Requests and activates a subscription of the setting for `eventTypes`; gives its id. */
export async function subscribe(routerUrl: string, odsCode: string, eventTypes = ROUTED_TYPES, settingType = 'GP_PRACTICE'): Promise<string> {
  const requested = await callService(routerUrl, 'POST', '/subscriptions', { odsCode, settingType, eventTypes });
  if (requested.status !== 201) throw new Error(`subscription refused: ${JSON.stringify(requested.body)}`);
  const activated = await callService(routerUrl, 'POST', `/subscriptions/${requested.body.id}/activate`, undefined, await asAdministrator());
  if (activated.status !== 200) throw new Error(`activation refused: ${JSON.stringify(activated.body)}`);
  return requested.body.id;
}

/** Every record of a care-setting topic once, in offset order (the tap may re-read after a rebalance). */
export function copiesOn(tap: TopicTap, topic: string): TappedMessage[] {
  const byOffset = new Map(tap.messages.filter((m) => m.topic === topic).map((m) => [m.offset, m]));
  return [...byOffset.values()].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
}

/**
 * What a subscriber proves from a topic: each event once (a relay re-send repeats an eventId with
 * its number), numbers 1..n with no gap, and no number given to two events.
 */
export function numbering(copies: TappedMessage[]) {
  const numberOf = new Map<string, string>();
  const eventOf = new Map<string, string>();
  const conflicts: string[] = [];
  for (const copy of copies) {
    const { ce_id: eventId, ce_eventnumber: number } = copy.headers;
    if (numberOf.has(eventId) && numberOf.get(eventId) !== number) conflicts.push(`${eventId} numbered ${numberOf.get(eventId)} and ${number}`);
    if (eventOf.has(number) && eventOf.get(number) !== eventId) conflicts.push(`number ${number} given to ${eventOf.get(number)} and ${eventId}`);
    numberOf.set(eventId, number);
    eventOf.set(number, eventId);
  }
  const numbers = [...eventOf.keys()].map(Number).sort((a, b) => a - b);
  const gapFree = numbers.every((n, i) => n === i + 1);
  const firstArrivals = [...new Map(copies.map((c) => [c.headers.ce_id, c])).values()];
  return { eventIds: [...numberOf.keys()], numbers, gapFree, conflicts, inNumberOrder: firstArrivals.every((c, i) => Number(c.headers.ce_eventnumber) === i + 1) };
}

/** Waits until the setting's topic holds `count` distinct events. */
export async function copiesArrived(tap: TopicTap, topic: string, count: number, timeoutMs = 60_000): Promise<TappedMessage[]> {
  return eventually(`${count} copies on ${topic}`, async () => {
    const copies = copiesOn(tap, topic);
    const arrived = new Set(copies.map((c) => c.headers.ce_id)).size;
    if (arrived < count) throw new Error(`${arrived} arrived so far`);
    return copies;
  }, timeoutMs);
}

export { tapTopics };
