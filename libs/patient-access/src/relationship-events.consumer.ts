import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CareRelationshipEnded, CareRelationshipStarted, CareRouterEventType } from '@care-events/contracts';
import { EventContext } from '@care-events/transactional-messaging';

/**
 * Keeps known_care_relationship from care-router.relationship.v1. The two events of one relationship
 * share its patient's key, so they arrive in order; an end is kept even when its start was never
 * seen, so that a start redelivered or replayed after it cannot open the relationship again.
 */
@Controller()
export class RelationshipEventsConsumer {
  @EventPattern(CareRouterEventType.CareRelationshipStarted)
  async started(@Payload() event: CareRelationshipStarted, @Ctx() ctx: EventContext): Promise<void> {
    await ctx.manager.query(
      `insert into known_care_relationship (relationship_id, patient_id, ods_code, ends_at, ended)
       values ($1, $2, $3, $4, false) on conflict (relationship_id) do nothing`,
      [event.relationshipId, event.metadata.patientId, event.odsCode, endsAt(event.endsAt)],
    );
  }

  @EventPattern(CareRouterEventType.CareRelationshipEnded)
  async ended(@Payload() event: CareRelationshipEnded, @Ctx() ctx: EventContext): Promise<void> {
    await ctx.manager.query(
      `insert into known_care_relationship (relationship_id, patient_id, ods_code, ends_at, ended)
       values ($1, $2, $3, $4, true) on conflict (relationship_id) do update set ended = true`,
      [event.relationshipId, event.metadata.patientId, event.odsCode, endsAt(event.endsAt)],
    );
  }
}

const endsAt = (millis: number | null): Date | null => (millis === null ? null : new Date(millis));
