import { EntityManager } from 'typeorm';
import { ConsumedEvent } from '@care-events/messaging';
import { CommandContext } from '../outbox/event-metadata';

/**
 * What an @EventPattern handler receives beside the decoded event: the transaction its writes
 * must use (the inbox claim commits with them) and the event's Kafka coordinates.
 */
export class EventContext {
  constructor(readonly event: ConsumedEvent, readonly manager: EntityManager) {}

  /** Context for the commands this event causes: same correlation, caused by this event. */
  commandContext(): CommandContext {
    const metadata = (this.event.value as { metadata?: { correlationId?: string } }).metadata;
    return {
      actor: { type: 'SYSTEM', id: this.event.headers.ce_source ?? 'unknown', odsCode: null },
      correlationId: metadata?.correlationId ?? this.event.eventId,
      causationId: this.event.eventId,
    };
  }
}

/**
 * What an @EventPattern(EVENT_BATCH) handler receives: consecutive events of one partition, in
 * order, each claimed in the inbox just now (redeliveries are left out), and their one transaction.
 */
export class EventBatchContext {
  constructor(readonly events: ConsumedEvent[], readonly manager: EntityManager) {}
}
