import { Encounter } from '../domain/encounter';

export function encounterResponse(encounter: Encounter) {
  return {
    id: encounter.id,
    patientId: encounter.patientId,
    setting: encounter.setting,
    odsCode: encounter.odsCode,
    startedAt: encounter.startedAt.toISOString(),
    endedAt: encounter.endedAt?.toISOString() ?? null,
    reason: encounter.reason,
    practitioner: encounter.practitioner,
    recordedAt: encounter.recordedAt.toISOString(),
  };
}
