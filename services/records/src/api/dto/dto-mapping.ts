import { parseOdsCode, parseSnomedConceptId, Validation } from '@care-events/domain-primitives';
import { PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';
import { NewAllergy } from '../../domain/allergy';
import { CodedConcept, Practitioner } from '../../domain/clinical-types';
import { NewCondition } from '../../domain/condition';
import { NewEncounter } from '../../domain/encounter';
import { RecordAllergyDto } from './allergy.dto';
import { RecordConditionDto } from './condition.dto';
import { StartEncounterDto } from './encounter.dto';

/** Validated request bodies into domain values: normalised codes and explicit nulls. */
export function toNewAllergy(dto: RecordAllergyDto): Omit<NewAllergy, 'id'> {
  return {
    patientId: dto.patientId,
    substance: toConcept(dto.substance),
    type: dto.type ?? 'allergy',
    reaction: dto.reaction ? { manifestation: toConcept(dto.reaction.manifestation), description: dto.reaction.description ?? null } : null,
    severity: dto.severity,
    criticality: dto.criticality,
    verificationStatus: dto.verificationStatus,
    recordedBy: toPractitioner(dto.recordedBy),
    onsetDate: dto.onsetDate ?? null,
  };
}

export function toNewCondition(dto: RecordConditionDto): Omit<NewCondition, 'id'> {
  return { patientId: dto.patientId, code: toConcept(dto.code), onsetDate: dto.onsetDate ?? null, recordedBy: toPractitioner(dto.recordedBy) };
}

export function toNewEncounter(dto: StartEncounterDto): Omit<NewEncounter, 'id'> {
  return {
    patientId: dto.patientId,
    setting: dto.setting,
    odsCode: normalised(parseOdsCode(dto.odsCode)),
    startedAt: new Date(dto.startedAt),
    endedAt: dto.endedAt ? new Date(dto.endedAt) : null,
    reason: dto.reason ? toConcept(dto.reason) : null,
    practitioner: dto.practitioner ? toPractitioner(dto.practitioner) : null,
  };
}

const toConcept = (dto: SnomedConceptDto): CodedConcept => ({ conceptId: normalised(parseSnomedConceptId(dto.conceptId)), term: dto.term });

const toPractitioner = (dto: PractitionerDto): Practitioner => ({
  practitionerId: dto.practitionerId,
  name: dto.name ?? null,
  odsCode: normalised(parseOdsCode(dto.odsCode)),
});

function normalised(validation: Validation<string>): string {
  if (!validation.ok) throw new Error(`validated input failed to parse: ${validation.reason}`);
  return validation.value;
}
