import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { AppointmentsEventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { EVENT_BATCH, EventBatchContext, EventContext } from '@care-events/transactional-messaging';
import { CareRelationshipsService } from '../application/care-relationships.service';
import { EventRouter } from '../application/event-router';

/** Every event type of the five domain topics: each one may change a relationship, and each one may be routed. */
export const DOMAIN_EVENT_TYPES: string[] = [
  ...Object.values(IdentityEventType),
  ...Object.values(RecordsEventType),
  ...Object.values(MedicationsEventType),
  ...Object.values(AppointmentsEventType),
  ...Object.values(ResultsEventType),
];

/**
 * The handler of every domain event: batches of one partition's events in one transaction (with
 * their inbox claims), or one event in its own when a batch failed and its events go one by one.
 */
@Controller()
export class DomainEventsConsumer {
  constructor(private readonly relationships: CareRelationshipsService, private readonly router: EventRouter) {}

  @EventPattern(EVENT_BATCH)
  handleBatch(@Ctx() batch: EventBatchContext): Promise<void> {
    return this.handleInOrder(batch.manager, batch.events);
  }

  @EventPattern(DOMAIN_EVENT_TYPES)
  handle(@Ctx() ctx: EventContext): Promise<void> {
    return this.handleInOrder(ctx.manager, [ctx.event]);
  }

  private async handleInOrder(manager: EntityManager, events: ConsumedEvent[]): Promise<void> {
    const relationships = await this.relationships.applyEvents(manager, events);
    await this.router.route(manager, events, relationships);
  }
}
