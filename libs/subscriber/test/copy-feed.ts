import { randomBytes, randomUUID } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Admin, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
import { contractFor, EventByType, EventType, IdentityEventType, PatientDeceased, PatientRegistered, PatientSensitivityChanged } from '@care-events/contracts';

export const brokers = (): string[] => (process.env.KAFKA_BROKERS ?? '').split(',');
export const registryUrl = (): string => process.env.SCHEMA_REGISTRY_URL ?? '';

/** Tests check outcomes, not the subscriber's warnings, which would only clutter their output. */
export const quietLog = (): void => undefined;

export interface Copy {
  number: number;
  event: EventByType[EventType];
  type: EventType;
  /** Replaces or removes (undefined) headers of the copy. */
  headers?: Record<string, string | undefined>;
  /** Message timestamp (ms), for reads `since` an instant. */
  timestamp?: number;
  /** Raw value instead of the encoded event. */
  value?: Buffer;
}

export interface FeedMessage {
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * A care setting's feed on the real broker, written as care-router writes it: one partition, key =
 * patientId, the event's Avro value in the Confluent wire format under its domain subject, its
 * CloudEvents headers plus ce_subscriptionid and ce_eventnumber.
 */
export class CopyFeed {
  readonly odsCode = `Z${randomBytes(4).toString('hex').toUpperCase()}`;
  readonly topic = `care-setting.${this.odsCode}.events.v1`;
  readonly subscriptionId = randomUUID();
  private readonly kafka = new Kafka({ brokers: brokers(), clientId: 'subscriber-test-feed', logLevel: logLevel.NOTHING });
  private readonly registry = new SchemaRegistry({ host: registryUrl() });
  private readonly schemaIds = new Map<string, Promise<number>>();
  private producer?: Producer;
  private admin?: Admin;

  static async create(): Promise<CopyFeed> {
    const feed = new CopyFeed();
    feed.admin = feed.kafka.admin();
    await feed.admin.connect();
    await feed.admin.createTopics({ topics: [{ topic: feed.topic, numPartitions: 1 }], waitForLeaders: true });
    feed.producer = feed.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await feed.producer.connect();
    return feed;
  }

  async publish(copies: Copy[]): Promise<void> {
    const messages = await Promise.all(copies.map(async (copy) => {
      const { metadata } = copy.event;
      const headers: Record<string, string | undefined> = {
        ce_specversion: '1.0',
        ce_id: metadata.eventId,
        ce_source: '/services/identity',
        ce_type: copy.type,
        ce_time: new Date(metadata.occurredAt).toISOString(),
        ce_subject: metadata.patientId,
        'content-type': 'application/avro',
        ce_subscriptionid: this.subscriptionId,
        ce_eventnumber: String(copy.number),
        ...copy.headers,
      };
      return {
        key: metadata.patientId,
        value: copy.value ?? (await this.encode(copy.type, copy.event)),
        headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as IHeaders,
        timestamp: copy.timestamp === undefined ? undefined : String(copy.timestamp),
      };
    }));
    await this.producer?.send({ topic: this.topic, acks: -1, messages });
  }

  /** Every message on a topic, from its start, once it holds at least `count`. */
  async read(topic: string, count: number, timeoutMs = 20_000): Promise<FeedMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `subscriber-test-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
    const messages: FeedMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      let done: () => void = () => undefined;
      const enough = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        eachMessage: async ({ message }) => {
          messages.push({
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value,
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
          });
          if (messages.length >= count) done();
        },
      });
      await within(enough, timeoutMs, `${count} messages on ${topic}`);
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  /** The group's committed offset on the feed's partition; -1 when it committed none. */
  async committedOffset(groupId: string): Promise<number> {
    const [offsets] = await this.admin!.fetchOffsets({ groupId, topics: [this.topic] });
    return Number(offsets.partitions[0].offset);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  private encode(type: EventType, event: object): Promise<Buffer> {
    let id = this.schemaIds.get(type);
    if (!id) {
      const { topic, schema } = contractFor(type);
      id = this.registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `${topic}-${type}`, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE }).then((registered) => registered.id);
      this.schemaIds.set(type, id);
    }
    return id.then((schemaId) => this.registry.encode(schemaId, event));
  }
}

const metadata = (patientId: string) => {
  const now = Date.now();
  const eventId = randomUUID();
  return { eventId, occurredAt: now, recordedAt: now, patientId, actor: { type: 'SYSTEM' as const, id: 'test', odsCode: null }, correlationId: eventId, causationId: null };
};

export const patientRegistered = (family: string, patientId: string = randomUUID()): { type: EventType; event: PatientRegistered } => ({
  type: IdentityEventType.PatientRegistered,
  event: {
    metadata: metadata(patientId),
    nhsNumber: '9990000018',
    name: { prefix: null, given: ['Test'], family },
    birthDate: 0,
    gender: 'UNKNOWN',
    address: null,
    contact: null,
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  },
});

export const patientDeceased = (dateOfDeath: number, patientId: string = randomUUID()): { type: EventType; event: PatientDeceased } => ({
  type: IdentityEventType.PatientDeceased,
  event: { metadata: metadata(patientId), dateOfDeath, correction: false },
});

export const sensitivityChanged = (patientId: string = randomUUID()): { type: EventType; event: PatientSensitivityChanged } => ({
  type: IdentityEventType.PatientSensitivityChanged,
  event: { metadata: metadata(patientId), sensitive: true },
});

/** Numbers copies from `first`, in the order given. */
export const numbered = (first: number, events: Array<{ type: EventType; event: EventByType[EventType] }>): Copy[] =>
  events.map((event, i) => ({ ...event, number: first + i }));

export async function within<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
