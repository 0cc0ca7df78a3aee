import { CareRelationshipEnded, CareRelationshipStarted, CareRouterEventType } from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { CareRelationship } from '../domain/care-relationship';
import { RelationshipEnd } from '../domain/care-relationship-rules';

/** CareRelationshipStarted for a relationship just stored; keyed by its patient. */
export function relationshipStarted(relationship: CareRelationship, context: CommandContext, recordedAt: Date): DomainEvent {
  const value: CareRelationshipStarted = {
    metadata: eventMetadata(context, relationship.patientId, recordedAt, relationship.startedAt),
    ...common(relationship),
  };
  return { type: CareRouterEventType.CareRelationshipStarted, value };
}

/** CareRelationshipEnded for an end just stored; keyed by its patient. */
export function relationshipEnded({ relationship, endedAt, why }: RelationshipEnd, context: CommandContext, recordedAt: Date): DomainEvent {
  const value: CareRelationshipEnded = {
    metadata: eventMetadata(context, relationship.patientId, recordedAt, endedAt),
    ...common(relationship),
    endedAt: endedAt.getTime(),
    why,
  };
  return { type: CareRouterEventType.CareRelationshipEnded, value };
}

function common(relationship: CareRelationship): Omit<CareRelationshipStarted, 'metadata'> {
  return {
    relationshipId: relationship.id,
    odsCode: relationship.odsCode,
    kind: relationship.kind,
    sourceId: relationship.sourceId,
    startedAt: relationship.startedAt.getTime(),
    endsAt: relationship.endsAt?.getTime() ?? null,
    reason: relationship.reason,
  };
}
