import { DomainException } from '@care-events/domain-primitives';

export enum RecordsErrorCode {
  AllergyNotFound = 'ALLERGY_NOT_FOUND',
  AllergyEnteredInError = 'ALLERGY_ENTERED_IN_ERROR',
  ConditionNotFound = 'CONDITION_NOT_FOUND',
  ConditionResolved = 'CONDITION_RESOLVED',
  EncounterNotFound = 'ENCOUNTER_NOT_FOUND',
  EncounterEnded = 'ENCOUNTER_ENDED',
  InvalidDate = 'INVALID_DATE',
}

export class RecordsException extends DomainException<RecordsErrorCode> {}

/** A date rule the request body alone could not check; the message names the field, like a validation error. */
export function invalidDate(field: string, reason: string): RecordsException {
  return new RecordsException(RecordsErrorCode.InvalidDate, `${field}: ${reason}`, { field });
}
