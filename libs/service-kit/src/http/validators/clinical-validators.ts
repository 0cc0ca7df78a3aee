import {
  parseDmdId, parseInstant, parseIsoDate, parseNhsNumber, parseOdsCode, parseSnomedConceptId, parseUcumUnit,
} from '@care-events/domain-primitives';
import { primitiveValidator } from './primitive-validator';

export const IsNhsNumber = primitiveValidator('isNhsNumber', parseNhsNumber, 'NHS numbers');
export const IsOdsCode = primitiveValidator('isOdsCode', parseOdsCode, 'ODS codes');
export const IsSnomedConceptId = primitiveValidator('isSnomedConceptId', parseSnomedConceptId, 'SNOMED CT concept ids');
export const IsDmdId = primitiveValidator('isDmdId', parseDmdId, 'dm+d ids');
export const IsUcumUnit = primitiveValidator('isUcumUnit', parseUcumUnit, 'UCUM units');
export const IsCalendarDate = primitiveValidator('isCalendarDate', parseIsoDate, 'dates (YYYY-MM-DD)');
export const IsInstant = primitiveValidator('isInstant', parseInstant, 'instants (ISO 8601)');
