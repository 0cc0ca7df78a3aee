import { Client } from 'pg';
import { createKafka, TappedMessage, TopicTap } from '@care-events/messaging';
import { eventually } from './eventually';

/** An event the service committed: its outbox row, in insertion (per patient: commit) order. */
export interface AcceptedEvent {
  eventId: string;
  patientId: string;
  /** The outbox row id: later rows were appended later. */
  position: number;
}

export interface DeliveryFigures {
  accepted: number;
  /** Accepted events that arrived at least once. */
  found: number;
  missing: number;
  /** Arrivals of an eventId that had already arrived (at-least-once delivery re-sends). */
  duplicateArrivals: number;
  /** Events whose first arrival came after that of a later event of the same patient. */
  outOfOrder: number;
  /** Arrivals of eventIds nobody accepted. */
  unknown: number;
}

/** Every outbox row of a service's database, oldest first. */
export async function acceptedEvents(databaseUrl: string): Promise<AcceptedEvent[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; event_id: string; message_key: string }>('select id, event_id, message_key from outbox_message order by id');
    return rows.map((row) => ({ eventId: row.event_id, patientId: row.message_key, position: Number(row.id) }));
  } finally {
    await db.end();
  }
}

/** Waits until the relay has published (marked sent) at least `count` outbox rows. */
export async function outboxPublished(databaseUrl: string, count: number, timeoutMs = 60_000): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await eventually(`${count} outbox rows published`, async () => {
      const { rows } = await db.query<{ sent: string }>('select count(*) as sent from outbox_message where sent_at is not null');
      return Number(rows[0].sent) >= count;
    }, timeoutMs);
  } finally {
    await db.end();
  }
}

/** The position of the newest outbox row (0 when empty). */
export async function outboxPosition(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ position: string | null }>('select max(id) as position from outbox_message');
    return Number(rows[0].position ?? 0);
  } finally {
    await db.end();
  }
}

/** Waits until the service's outbox has nothing left to publish. */
export async function outboxDrained(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await eventually('every outbox row published', async () => {
      const { rows } = await db.query<{ unsent: string }>('select count(*) as unsent from outbox_message where sent_at is null');
      return Number(rows[0].unsent) === 0;
    }, timeoutMs);
  } finally {
    await db.end();
  }
}

/**
 * Waits until the tap has read every record the topic holds now, so that the audit counts every
 * arrival, duplicates included, and not only the first ones that were awaited.
 */
export async function tapCaughtUp(tap: TopicTap, topic: string, brokers: string[], timeoutMs = 60_000): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'test-audit' }).admin();
  await admin.connect();
  try {
    const ends = (await admin.fetchTopicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low));
    await eventually(`the tap reading ${topic} to its end`, async () => ends.every(({ partition, high }) =>
      tap.messages.some((m) => m.topic === topic && m.partition === partition && BigInt(m.offset) === BigInt(high) - 1n)), timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The figures once every accepted event has arrived (or the wait ran out: the figures then say
 * what is missing) and the tap has read the topic to its end.
 */
export async function auditOnceDelivered(accepted: AcceptedEvent[], tap: TopicTap, topic: string, brokers: string[], timeoutMs = 30_000): Promise<DeliveryFigures> {
  await eventually('every accepted event on the topic', async () => auditDelivery(accepted, tap.messages).missing === 0, timeoutMs).catch(() => undefined);
  await tapCaughtUp(tap, topic, brokers);
  return auditDelivery(accepted, tap.messages);
}

/**
 * What a downstream subscriber saw of the accepted events: each record counted once by its
 * offset (a tap re-reading after a coordinator moved is not a duplicate on the topic), then by
 * eventId, and each patient's first arrivals compared with the order the service committed.
 * `only` narrows the audit to some of the accepted events (the others' arrivals are left out).
 */
export function auditDelivery(accepted: AcceptedEvent[], arrivals: TappedMessage[], only?: (event: AcceptedEvent) => boolean): DeliveryFigures {
  const position = new Map(accepted.map((event, index) => [event.eventId, index]));
  const outside = new Set(only ? accepted.filter((event) => !only(event)).map((event) => event.eventId) : []);
  const records = [...new Map(arrivals.filter((m) => !outside.has(m.headers.ce_id)).map((m) => [`${m.topic}/${m.partition}/${m.offset}`, m])).values()];
  const seen = new Set<string>();
  const latestOfPatient = new Map<string, number>();
  const figures = { accepted: accepted.length - outside.size, found: 0, missing: 0, duplicateArrivals: 0, outOfOrder: 0, unknown: 0 };
  for (const record of records.sort(byPartitionOffset)) {
    const eventId = record.headers.ce_id;
    const index = position.get(eventId);
    if (index === undefined) figures.unknown++;
    else if (seen.has(eventId)) figures.duplicateArrivals++;
    else {
      seen.add(eventId);
      const patient = accepted[index].patientId;
      if (index < (latestOfPatient.get(patient) ?? -1)) figures.outOfOrder++;
      latestOfPatient.set(patient, Math.max(index, latestOfPatient.get(patient) ?? -1));
    }
  }
  figures.found = seen.size;
  figures.missing = figures.accepted - seen.size;
  return figures;
}

/** A patient's events share one partition, so offset order within a partition is their arrival order. */
function byPartitionOffset(a: TappedMessage, b: TappedMessage): number {
  return a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset));
}
