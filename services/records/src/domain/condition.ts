import { assertNotFuture } from './clinical-dates';
import { CodedConcept, Practitioner } from './clinical-types';
import { invalidDate, RecordsErrorCode, RecordsException } from './records-error';

export type ConditionStatus = 'active' | 'resolved';

export interface Condition {
  id: string;
  patientId: string;
  code: CodedConcept;
  /** YYYY-MM-DD */
  onsetDate: string | null;
  clinicalStatus: ConditionStatus;
  recordedBy: Practitioner;
  /** YYYY-MM-DD, once resolved. */
  resolvedDate: string | null;
  resolutionNote: string | null;
  recordedAt: Date;
}

export type NewCondition = Pick<Condition, 'id' | 'patientId' | 'code' | 'onsetDate' | 'recordedBy'>;

export function recordCondition(input: NewCondition, now: Date): Condition {
  assertNotFuture('onsetDate', input.onsetDate, now);
  return { ...input, clinicalStatus: 'active', resolvedDate: null, resolutionNote: null, recordedAt: now };
}

export function resolveCondition(condition: Condition, resolvedDate: string, note: string | null, now: Date): Condition {
  if (condition.clinicalStatus === 'resolved') {
    throw new RecordsException(RecordsErrorCode.ConditionResolved, `condition ${condition.id} was already resolved on ${condition.resolvedDate}`, {
      conditionId: condition.id,
      resolvedDate: condition.resolvedDate,
    });
  }
  assertNotFuture('resolvedDate', resolvedDate, now);
  if (condition.onsetDate !== null && resolvedDate < condition.onsetDate) {
    throw invalidDate('resolvedDate', `must not be before onsetDate ${condition.onsetDate}`);
  }
  return { ...condition, clinicalStatus: 'resolved', resolvedDate, resolutionNote: note };
}
