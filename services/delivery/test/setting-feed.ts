import { randomUUID } from 'node:crypto';
import { contractFor, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient } from '@care-events/messaging';

/** One copy to write: its number, and what to make of it other than a plain copy of a new event. */
export interface CopySpec {
  number: number;
  /** Another subscription's copy on the same topic (an earlier subscription of the setting). */
  subscriptionId?: string;
  /** The same event again (a re-published copy): same eventId and value. */
  eventId?: string;
  /** A value instead of the encoded event, e.g. one no registry knows. */
  value?: Buffer;
}

export interface WrittenCopy {
  number: number;
  eventId: string;
  subscriptionId: string;
  /** Real time just before the copy was sent to the broker (ms). */
  sentAt: number;
}

/** A value in the Confluent wire format under a schema id no registry has. */
export const UNKNOWN_SCHEMA_VALUE = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 1, 2, 3]);

/**
 * A care setting's feed on the real broker, written as care-router writes it: one partition, key =
 * patientId, the event's Avro value in the Confluent wire format under its domain subject, its
 * CloudEvents headers plus ce_subscriptionid and ce_eventnumber. It can write duplicates, another
 * subscription's copies and values that cannot be decoded.
 */
export class SettingFeed {
  readonly written: WrittenCopy[] = [];
  private readonly producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'delivery-test-feed' }));
  private readonly codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  private readonly events = new Map<string, { patientId: string; value: Buffer; time: string }>();

  constructor(readonly odsCode: string, readonly topic: string, readonly subscriptionId: string) {}

  /** Copies numbered `from` to `to`, one new event each. */
  async publishRange(from: number, to: number): Promise<WrittenCopy[]> {
    return this.publish(Array.from({ length: to - from + 1 }, (_, i) => ({ number: from + i })));
  }

  async publish(copies: CopySpec[]): Promise<WrittenCopy[]> {
    const messages = [];
    const written: WrittenCopy[] = [];
    for (const spec of copies) {
      const eventId = spec.eventId ?? randomUUID();
      const event = this.events.get(eventId) ?? (await this.newEvent(eventId));
      const subscriptionId = spec.subscriptionId ?? this.subscriptionId;
      messages.push({
        topic: this.topic,
        key: event.patientId,
        value: spec.value ?? event.value,
        headers: {
          ce_specversion: '1.0', ce_id: eventId, ce_source: '/services/identity', ce_type: IdentityEventType.PatientRegistered, ce_time: event.time,
          ce_subject: event.patientId, 'content-type': 'application/avro', ce_subscriptionid: subscriptionId, ce_eventnumber: String(spec.number),
        },
      });
      written.push({ number: spec.number, eventId, subscriptionId, sentAt: 0 });
    }
    const sentAt = Date.now();
    await this.producer.send(messages);
    for (const copy of written) this.written.push({ ...copy, sentAt });
    return written;
  }

  /** The eventId of a copy written before, by number (this subscription's first). */
  eventIdOf(number: number): string {
    const copy = this.written.find((c) => c.number === number && c.subscriptionId === this.subscriptionId);
    if (!copy) throw new Error(`no copy ${number} was written`);
    return copy.eventId;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }

  private async newEvent(eventId: string) {
    const { topic, schema } = contractFor(IdentityEventType.PatientRegistered);
    const patientId = randomUUID();
    const now = Date.now();
    const event: PatientRegistered = {
      metadata: { eventId, occurredAt: now, recordedAt: now, patientId, actor: { type: 'SYSTEM', id: 'delivery-test', odsCode: null }, correlationId: eventId, causationId: null },
      nhsNumber: '9990000018', name: { prefix: null, given: ['Test'], family: 'Delivery' }, birthDate: 0, gender: 'UNKNOWN', address: null, contact: null,
      registeredGpOdsCode: this.odsCode, nominatedPharmacyOdsCode: null, sensitive: false,
    };
    const value = await this.codec.encode(topic, IdentityEventType.PatientRegistered, schema, event);
    const entry = { patientId, value, time: new Date(now).toISOString() };
    this.events.set(eventId, entry);
    return entry;
  }
}
