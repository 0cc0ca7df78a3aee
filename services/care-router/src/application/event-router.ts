import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsumedEvent } from '@care-events/messaging';
import { OutboxCopy, OutboxWriter } from '@care-events/transactional-messaging';
import { copyEventId } from '../domain/copy-identity';
import { entitledSettings, RelationshipsAround, routingTargets, SubscriptionCandidate } from '../domain/routing-decision';
import { SubscriptionStatus } from '../domain/subscription';

/** CloudEvents extension attributes a copy adds to the original headers. */
export const SUBSCRIPTION_ID_HEADER = 'ce_subscriptionid';
export const EVENT_NUMBER_HEADER = 'ce_eventnumber';

/**
 * Gives each care setting entitled to an event, and subscribed to its type, a numbered copy: the
 * original value bytes and headers plus the subscription id and the setting's next event number.
 * Runs in the event's transaction: the numbers, the copies and the inbox claim commit together,
 * or none of them does, so a crash leaves no gap and no number used twice.
 */
@Injectable()
export class EventRouter {
  constructor(private readonly outbox: OutboxWriter) {}

  async route(manager: EntityManager, event: ConsumedEvent, relationships: RelationshipsAround): Promise<void> {
    const settings = entitledSettings(relationships);
    if (settings.length === 0) return;
    const candidates: CandidateRow[] = await manager.query(
      `select id, ods_code, status, event_types from care_subscription where ods_code = any($1::text[]) and status in ('ACTIVE', 'PAUSED')`,
      [settings],
    );
    const targets = routingTargets(event.eventType, relationships, candidates.map(toCandidate));
    const copies: OutboxCopy[] = [];
    for (const target of targets) {
      const numbered = await this.number(manager, target.id);
      // Ended between the look-up and the lock: no copy.
      if (!numbered) continue;
      const copy = this.copyOf(event, target.id, numbered);
      if (numbered.status === 'ACTIVE') copies.push(copy);
      else await this.keep(manager, target.id, numbered.eventNumber, event.eventId, copy);
    }
    await this.outbox.appendCopies(manager, copies);
  }

  /**
   * The subscription's next number. The update locks its row until this transaction ends, so
   * numbers are taken in commit order, and the status read is the one under that lock.
   */
  private async number(manager: EntityManager, subscriptionId: string): Promise<Numbered | undefined> {
    const [rows]: [Array<{ last_event_number: string; status: SubscriptionStatus; topic: string }>] = await manager.query(
      `update care_subscription set last_event_number = last_event_number + 1
        where id = $1 and status in ('ACTIVE', 'PAUSED') returning last_event_number, status, topic`,
      [subscriptionId],
    );
    const [row] = rows;
    return row && { eventNumber: row.last_event_number, status: row.status, topic: row.topic };
  }

  private copyOf(event: ConsumedEvent, subscriptionId: string, numbered: Numbered): OutboxCopy {
    return {
      outboxEventId: copyEventId(event.eventId, subscriptionId),
      eventType: event.eventType,
      topic: numbered.topic,
      key: event.key ?? event.headers.ce_subject,
      value: event.rawValue,
      headers: { ...event.headers, [SUBSCRIPTION_ID_HEADER]: subscriptionId, [EVENT_NUMBER_HEADER]: numbered.eventNumber },
      occurredAt: occurredAtOf(event),
    };
  }

  /** A paused subscription's copy waits, numbered, until the subscription resumes. */
  private async keep(manager: EntityManager, subscriptionId: string, eventNumber: string, eventId: string, copy: OutboxCopy): Promise<void> {
    await manager.query(
      `insert into paused_copy (subscription_id, event_number, outbox_event_id, event_id, event_type, topic, message_key, value, headers, occurred_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [subscriptionId, eventNumber, copy.outboxEventId, eventId, copy.eventType, copy.topic, copy.key, copy.value, JSON.stringify(copy.headers), copy.occurredAt],
    );
  }
}

interface CandidateRow {
  id: string;
  ods_code: string;
  status: SubscriptionStatus;
  event_types: string[];
}

interface Numbered {
  eventNumber: string;
  status: SubscriptionStatus;
  topic: string;
}

const toCandidate = (row: CandidateRow): SubscriptionCandidate => ({ id: row.id, odsCode: row.ods_code, status: row.status, eventTypes: row.event_types });

function occurredAtOf(event: ConsumedEvent): Date {
  const occurredAt = (event.value as { metadata?: { occurredAt?: number | Date } }).metadata?.occurredAt;
  if (occurredAt !== undefined) return new Date(occurredAt);
  return event.headers.ce_time ? new Date(event.headers.ce_time) : new Date();
}
