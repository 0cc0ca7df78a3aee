import { ConditionClinicalStatus, ConditionRecorded, ConditionResolved, RecordsEventType } from '@care-events/contracts';
import { isoDateToEpochDays } from '@care-events/domain-primitives';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Condition } from '../domain/condition';
import { avroSymbol, epochDaysOrNull } from './avro-values';

export function conditionRecorded(condition: Condition, context: CommandContext, now: Date): DomainEvent {
  const value: ConditionRecorded = {
    metadata: eventMetadata(context, condition.patientId, now),
    conditionId: condition.id,
    code: condition.code,
    onsetDate: epochDaysOrNull(condition.onsetDate),
    clinicalStatus: avroSymbol<ConditionClinicalStatus>(condition.clinicalStatus),
    recordedBy: condition.recordedBy,
  };
  return { type: RecordsEventType.ConditionRecorded, value };
}

export function conditionResolved(condition: Condition, context: CommandContext, now: Date): DomainEvent {
  const value: ConditionResolved = {
    metadata: eventMetadata(context, condition.patientId, now),
    conditionId: condition.id,
    code: condition.code,
    resolvedDate: isoDateToEpochDays(condition.resolvedDate as string),
  };
  return { type: RecordsEventType.ConditionResolved, value };
}
