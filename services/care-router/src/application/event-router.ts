import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsumedEvent } from '@care-events/messaging';
import { OutboxCopy, OutboxWriter } from '@care-events/transactional-messaging';
import { copyEventId } from '../domain/copy-identity';
import { copyCounts, numberCopies } from '../domain/copy-numbering';
import { entitledSettings, RelationshipsAround, RoutedEvent, routingTargets, SubscriptionCandidate } from '../domain/routing-decision';
import { SubscriptionStatus } from '../domain/subscription';

/** CloudEvents extension attributes a copy adds to the original headers. */
export const SUBSCRIPTION_ID_HEADER = 'ce_subscriptionid';
export const EVENT_NUMBER_HEADER = 'ce_eventnumber';

/**
 * Gives each care setting entitled to an event, and subscribed to its type, a numbered copy: the
 * original value bytes and headers plus the subscription id and the setting's next event number.
 * Runs in the events' transaction: the numbers, the copies and the inbox claims commit together,
 * or none of them does, so a crash leaves no gap and no number used twice.
 */
@Injectable()
export class EventRouter {
  constructor(private readonly outbox: OutboxWriter) {}

  /**
   * Routes events in order; `relationships[i]` are the settings around event i. Each subscription's
   * counter moves once for all the copies it gets, which take its numbers in event order.
   */
  async route(manager: EntityManager, events: ConsumedEvent[], relationships: RelationshipsAround[]): Promise<void> {
    const settings = [...new Set(relationships.flatMap(entitledSettings))];
    if (settings.length === 0) return;
    const candidates: CandidateRow[] = await manager.query(
      `select id, ods_code, status, event_types, activated_at from care_subscription where ods_code = any($1::text[]) and status in ('ACTIVE', 'PAUSED')`,
      [settings],
    );
    const subscriptions = candidates.map(toCandidate);
    const wanted = events.map((event, i) => routingTargets(routedEvent(event), relationships[i], subscriptions).map((s) => s.id));
    const numbered = await this.advance(manager, copyCounts(wanted));
    // Ended between the look-up and the lock: no copy.
    const targets = wanted.map((ids) => ids.filter((id) => numbered.has(id)));
    const numbers = numberCopies(targets, new Map([...numbered].map(([id, { lastEventNumber }]) => [id, lastEventNumber])));
    const copies: OutboxCopy[] = [];
    const kept: KeptCopy[] = [];
    events.forEach((event, i) =>
      targets[i].forEach((subscriptionId, j) => {
        const { status, topic } = numbered.get(subscriptionId)!;
        const copy = this.copyOf(event, subscriptionId, numbers[i][j], topic);
        if (status === 'ACTIVE') copies.push(copy);
        else kept.push({ subscriptionId, eventNumber: numbers[i][j], eventId: event.eventId, copy });
      }),
    );
    await this.outbox.appendCopies(manager, copies);
    await this.keep(manager, kept);
  }

  /**
   * Adds each subscription's copies to its counter, in one statement, for the subscriptions that still
   * take copies; gives their status and topic and their new last number. The rows are locked in id
   * order (two transactions numbering the same subscriptions never deadlock) until this transaction
   * ends: numbers are taken in commit order, and the status read is the one under that lock.
   */
  private async advance(manager: EntityManager, counts: Map<string, number>): Promise<Map<string, NumberedSubscription>> {
    if (counts.size === 0) return new Map();
    const [rows]: [Array<{ id: string; status: SubscriptionStatus; topic: string; last_event_number: string }>] = await manager.query(
      `with locked as materialized (
         select id from care_subscription where id = any($1::uuid[]) and status in ('ACTIVE', 'PAUSED') order by id for update)
       update care_subscription s set last_event_number = s.last_event_number + c.count
         from locked join unnest($1::uuid[], $2::bigint[]) as c (id, count) on c.id = locked.id
        where s.id = locked.id
       returning s.id, s.status, s.topic, s.last_event_number`,
      [[...counts.keys()], [...counts.values()]],
    );
    return new Map(rows.map((row) => [row.id, { status: row.status, topic: row.topic, lastEventNumber: row.last_event_number }]));
  }

  private copyOf(event: ConsumedEvent, subscriptionId: string, eventNumber: string, topic: string): OutboxCopy {
    return {
      outboxEventId: copyEventId(event.eventId, subscriptionId),
      eventType: event.eventType,
      topic,
      key: event.key ?? event.headers.ce_subject,
      value: event.rawValue,
      headers: { ...event.headers, [SUBSCRIPTION_ID_HEADER]: subscriptionId, [EVENT_NUMBER_HEADER]: eventNumber },
      occurredAt: occurredAtOf(event),
    };
  }

  /** A paused subscription's copies wait, numbered, until the subscription resumes. */
  private async keep(manager: EntityManager, kept: KeptCopy[]): Promise<void> {
    if (kept.length === 0) return;
    await manager.query(
      `insert into paused_copy (subscription_id, event_number, outbox_event_id, event_id, event_type, topic, message_key, value, headers, occurred_at)
       select * from unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::jsonb[], $10::timestamptz[])`,
      [
        kept.map((k) => k.subscriptionId),
        kept.map((k) => k.eventNumber),
        kept.map((k) => k.copy.outboxEventId),
        kept.map((k) => k.eventId),
        kept.map((k) => k.copy.eventType),
        kept.map((k) => k.copy.topic),
        kept.map((k) => k.copy.key),
        kept.map((k) => k.copy.value),
        kept.map((k) => JSON.stringify(k.copy.headers)),
        kept.map((k) => k.copy.occurredAt),
      ],
    );
  }
}

interface NumberedSubscription {
  status: SubscriptionStatus;
  topic: string;
  lastEventNumber: string;
}

interface KeptCopy {
  subscriptionId: string;
  eventNumber: string;
  eventId: string;
  copy: OutboxCopy;
}

interface CandidateRow {
  id: string;
  ods_code: string;
  status: SubscriptionStatus;
  event_types: string[];
  activated_at: Date | null;
}

const toCandidate = (row: CandidateRow): SubscriptionCandidate => ({
  id: row.id, odsCode: row.ods_code, status: row.status, eventTypes: row.event_types, activatedAt: row.activated_at,
});

function routedEvent(event: ConsumedEvent): RoutedEvent {
  const { recordedAt } = (event.value as { metadata: { recordedAt: number | Date } }).metadata;
  return { type: event.eventType, recordedAt: new Date(recordedAt) };
}

function occurredAtOf(event: ConsumedEvent): Date {
  const occurredAt = (event.value as { metadata?: { occurredAt?: number | Date } }).metadata?.occurredAt;
  if (occurredAt !== undefined) return new Date(occurredAt);
  return event.headers.ce_time ? new Date(event.headers.ce_time) : new Date();
}
