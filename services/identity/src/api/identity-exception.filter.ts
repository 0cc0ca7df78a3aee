import { domainExceptionFilter } from '@care-events/service-kit';
import { IdentityErrorCode } from '../domain/identity-error';

/** Every identity error code and the HTTP status it answers with. */
export const IdentityExceptionFilter = domainExceptionFilter<IdentityErrorCode>({
  [IdentityErrorCode.PatientNotFound]: 404,
  [IdentityErrorCode.DuplicateNhsNumber]: 409,
  [IdentityErrorCode.PatientDeceased]: 409,
  [IdentityErrorCode.PatientSuperseded]: 409,
  [IdentityErrorCode.InvalidMerge]: 409,
  [IdentityErrorCode.InvalidDateOfDeath]: 400,
  [IdentityErrorCode.VersionMismatch]: 412,
});
