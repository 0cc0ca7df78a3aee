import { DomainException } from '@care-events/service-kit';

export enum IdentityErrorCode {
  PatientNotFound = 'PATIENT_NOT_FOUND',
  DuplicateNhsNumber = 'DUPLICATE_NHS_NUMBER',
  PatientDeceased = 'PATIENT_DECEASED',
  PatientMerged = 'PATIENT_MERGED',
  InvalidMerge = 'INVALID_MERGE',
  InvalidDateOfDeath = 'INVALID_DATE_OF_DEATH',
  VersionMismatch = 'VERSION_MISMATCH',
}

export class IdentityException extends DomainException<IdentityErrorCode> {}
