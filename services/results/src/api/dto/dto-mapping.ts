import { parseOdsCode, parseSnomedConceptId, parseUcumUnit, Validation } from '@care-events/domain-primitives';
import { PractitionerDto, SnomedConceptDto } from '@care-events/service-kit';
import { Concept, Observation, Practitioner } from '../../domain/report';
import { Amendment, NewReport } from '../../domain/report-rules';
import { ObservationDto } from './observation.dto';
import { AmendReportDto, ReportResultDto } from './report-commands.dto';

/** Validated request bodies into domain values: normalised, with explicit nulls. */
export function toNewReport(dto: ReportResultDto): Omit<NewReport, 'id'> {
  return {
    patientId: dto.patientId,
    testCode: toConcept(dto.testCode),
    performingLabOdsCode: normalised(parseOdsCode(dto.performingLabOdsCode)),
    requestingOdsCode: normalised(parseOdsCode(dto.requestingOdsCode)),
    effectiveAt: dto.effectiveAt ? new Date(dto.effectiveAt) : null,
    status: dto.status,
    observations: dto.observations.map(toObservation),
  };
}

export function toAmendment(dto: AmendReportDto): Amendment {
  return { amendsVersion: dto.amendsVersion, reason: dto.reason.trim(), status: dto.status, observations: dto.observations.map(toObservation) };
}

export function toPractitioner(dto: PractitionerDto): Practitioner {
  return { practitionerId: dto.practitionerId, name: dto.name ?? null, odsCode: normalised(parseOdsCode(dto.odsCode)) };
}

const toConcept = (dto: SnomedConceptDto): Concept => ({ conceptId: normalised(parseSnomedConceptId(dto.conceptId)), term: dto.term });

const toObservation = (dto: ObservationDto): Observation => ({
  code: toConcept(dto.code),
  value: dto.value,
  unit: normalised(parseUcumUnit(dto.unit)),
  referenceRange: dto.referenceRange ? { low: dto.referenceRange.low ?? null, high: dto.referenceRange.high ?? null } : null,
  interpretation: dto.interpretation,
});

function normalised(validation: Validation<string>): string {
  if (!validation.ok) throw new Error(`validated input failed to parse: ${validation.reason}`);
  return validation.value;
}
