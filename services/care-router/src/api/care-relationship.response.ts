import { CareRelationship, isActiveAt } from '../domain/care-relationship';
import { PatientRelationships } from '../application/care-relationships.service';

/** The API's view of a relationship; `active` at `now`. */
export function relationshipResponse(relationship: CareRelationship, now: Date) {
  return {
    id: relationship.id,
    patientId: relationship.patientId,
    odsCode: relationship.odsCode,
    kind: relationship.kind,
    sourceId: relationship.sourceId,
    startedAt: relationship.startedAt.toISOString(),
    endsAt: relationship.endsAt?.toISOString() ?? null,
    endedAt: relationship.endedAt?.toISOString() ?? null,
    endReason: relationship.endReason,
    reason: relationship.reason,
    createdBy: relationship.createdBy,
    endedBy: relationship.endedBy,
    active: isActiveAt(relationship, now),
  };
}

/** A follow is answered with its id: the id DELETE /follows/{id} takes, whichever record a merge moved it to. */
export function followResponse(relationship: CareRelationship, now: Date) {
  return { ...relationshipResponse(relationship, now), followId: relationship.sourceId };
}

export function patientRelationshipsResponse({ patientId, survivingPatientId, deceased, relationships }: PatientRelationships, now: Date) {
  return { patientId, survivingPatientId, deceased, relationships: relationships.map((relationship) => relationshipResponse(relationship, now)) };
}
