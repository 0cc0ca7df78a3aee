import { ClinicalRecordsMerged, RecordsEventType } from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';

export type MovedRecords = Pick<ClinicalRecordsMerged, 'allergyIds' | 'conditionIds' | 'encounterIds'>;

/** Keyed by the surviving patient, so it takes its place in the survivor's stream of events. */
export function clinicalRecordsMerged(
  supersededPatientId: string,
  survivingPatientId: string,
  moved: MovedRecords,
  context: CommandContext,
  now: Date,
): DomainEvent {
  const value: ClinicalRecordsMerged = {
    metadata: eventMetadata(context, survivingPatientId, now),
    supersededPatientId,
    survivingPatientId,
    ...moved,
  };
  return { type: RecordsEventType.ClinicalRecordsMerged, value };
}
