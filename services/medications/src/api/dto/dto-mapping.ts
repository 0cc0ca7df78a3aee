import { parseDmdId, parseOdsCode, parseUcumUnit, Validation } from '@care-events/domain-primitives';
import { Prescription } from '../../application/medications.service';
import { Quantity } from '../../domain/medication';
import { QuantityDto } from './medication-values.dto';
import { PrescribeMedicationDto } from './prescribe-medication.dto';

/** Validated request bodies into domain values: normalised, with explicit nulls. */
export function toPrescription(dto: PrescribeMedicationDto): Prescription {
  return {
    patientId: dto.patientId,
    medicine: { dmdId: normalised(parseDmdId(dto.medicine.dmdId)), term: dto.medicine.term },
    dosageText: dto.dosageText,
    route: dto.route,
    quantity: toQuantity(dto.quantity),
    courseType: dto.courseType,
    prescriber: { practitionerId: dto.prescriber.practitionerId, name: dto.prescriber.name ?? null, odsCode: normalised(parseOdsCode(dto.prescriber.odsCode)) },
    allergyOverrideReason: dto.allergyOverrideReason,
  };
}

export const toQuantity = (dto: QuantityDto): Quantity => ({ value: dto.value, unit: normalised(parseUcumUnit(dto.unit)) });

export function normalised(validation: Validation<string>): string {
  if (!validation.ok) throw new Error(`validated input failed to parse: ${validation.reason}`);
  return validation.value;
}
