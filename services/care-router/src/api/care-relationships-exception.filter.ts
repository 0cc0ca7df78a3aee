import { domainExceptionFilter } from '@care-events/service-kit';
import { CareRelationshipErrorCode } from '../domain/care-relationship-error';

/** Every error code of care relationships and follows and the HTTP status it answers with. */
export const CareRelationshipsExceptionFilter = domainExceptionFilter<CareRelationshipErrorCode>({
  [CareRelationshipErrorCode.PatientUnknown]: 404,
  [CareRelationshipErrorCode.PatientSuperseded]: 409,
  [CareRelationshipErrorCode.PatientDeceased]: 409,
  [CareRelationshipErrorCode.InvalidFollow]: 400,
  [CareRelationshipErrorCode.FollowAlreadyActive]: 409,
  [CareRelationshipErrorCode.FollowNotFound]: 404,
  [CareRelationshipErrorCode.FollowAlreadyEnded]: 409,
});
