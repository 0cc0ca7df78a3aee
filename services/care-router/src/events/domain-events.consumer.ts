import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { AppointmentsEventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { EventContext } from '@care-events/transactional-messaging';
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

/** The one handler of every domain event, in the event's transaction (with its inbox claim). */
@Controller()
export class DomainEventsConsumer {
  constructor(private readonly relationships: CareRelationshipsService, private readonly router: EventRouter) {}

  @EventPattern(DOMAIN_EVENT_TYPES)
  async handle(@Ctx() ctx: EventContext): Promise<void> {
    const relationships = await this.relationships.applyEvent(ctx.manager, ctx.event);
    await this.router.route(ctx.manager, ctx.event, relationships);
  }
}
