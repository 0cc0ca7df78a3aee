import { PATIENT_VIEW_STATUSES, PatientViewErrorCode } from '@care-events/patient-view';
import { domainExceptionFilter } from '@care-events/service-kit';
import { ResultsErrorCode } from '../domain/results-error';

/** Every error code of the results service and the HTTP status it answers with. */
export const ResultsExceptionFilter = domainExceptionFilter<ResultsErrorCode | PatientViewErrorCode>({
  ...PATIENT_VIEW_STATUSES,
  [ResultsErrorCode.ReportNotFound]: 404,
  [ResultsErrorCode.InvalidReport]: 400,
  [ResultsErrorCode.VersionSuperseded]: 409,
  [ResultsErrorCode.UnknownVersion]: 409,
  [ResultsErrorCode.FinalCannotBecomePreliminary]: 409,
  [ResultsErrorCode.AlreadyReleased]: 409,
});
