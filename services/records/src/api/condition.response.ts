import { Condition } from '../domain/condition';

export function conditionResponse(condition: Condition) {
  return {
    id: condition.id,
    patientId: condition.patientId,
    code: condition.code,
    onsetDate: condition.onsetDate,
    clinicalStatus: condition.clinicalStatus,
    recordedBy: condition.recordedBy,
    resolvedDate: condition.resolvedDate,
    resolutionNote: condition.resolutionNote,
    recordedAt: condition.recordedAt.toISOString(),
  };
}
