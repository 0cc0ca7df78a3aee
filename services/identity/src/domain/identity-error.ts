import { DomainException } from '@care-events/domain-primitives';

export enum IdentityErrorCode {
  PatientNotFound = 'PATIENT_NOT_FOUND',
  DuplicateNhsNumber = 'DUPLICATE_NHS_NUMBER',
  PatientDeceased = 'PATIENT_DECEASED',
  PatientSuperseded = 'PATIENT_SUPERSEDED',
  InvalidMerge = 'INVALID_MERGE',
  InvalidDateOfDeath = 'INVALID_DATE_OF_DEATH',
  VersionMismatch = 'VERSION_MISMATCH',
}

export class IdentityException extends DomainException<IdentityErrorCode> {}
