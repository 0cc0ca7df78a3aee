import {
  parseDmdId, parseInstant, parseIsoDate, parseNhsNumber, parseOdsCode, parseSnomedConceptId, parseUcumUnit,
} from '@care-events/domain-primitives';
import { primitiveValidator } from './primitive-validator';

export const IsNhsNumber = primitiveValidator('isNhsNumber', parseNhsNumber);
export const IsOdsCode = primitiveValidator('isOdsCode', parseOdsCode);
export const IsSnomedConceptId = primitiveValidator('isSnomedConceptId', parseSnomedConceptId);
export const IsDmdId = primitiveValidator('isDmdId', parseDmdId);
export const IsUcumUnit = primitiveValidator('isUcumUnit', parseUcumUnit);
export const IsCalendarDate = primitiveValidator('isCalendarDate', parseIsoDate);
export const IsInstant = primitiveValidator('isInstant', parseInstant);
