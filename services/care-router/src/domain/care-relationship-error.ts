import { DomainException } from '@care-events/domain-primitives';

export enum CareRelationshipErrorCode {
  PatientUnknown = 'PATIENT_UNKNOWN',
  PatientSuperseded = 'PATIENT_SUPERSEDED',
  PatientDeceased = 'PATIENT_DECEASED',
  InvalidFollow = 'INVALID_FOLLOW',
  FollowAlreadyActive = 'FOLLOW_ALREADY_ACTIVE',
  FollowNotFound = 'FOLLOW_NOT_FOUND',
  FollowAlreadyEnded = 'FOLLOW_ALREADY_ENDED',
}

export class CareRelationshipException extends DomainException<CareRelationshipErrorCode> {}
