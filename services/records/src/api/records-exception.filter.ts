import { PATIENT_VIEW_STATUSES, PatientViewErrorCode } from '@care-events/patient-view';
import { domainExceptionFilter } from '@care-events/service-kit';
import { RecordsErrorCode } from '../domain/records-error';

/** Every records and patient-view error code and the HTTP status it answers with. */
export const RecordsExceptionFilter = domainExceptionFilter<RecordsErrorCode | PatientViewErrorCode>({
  ...PATIENT_VIEW_STATUSES,
  [RecordsErrorCode.AllergyNotFound]: 404,
  [RecordsErrorCode.AllergyEnteredInError]: 409,
  [RecordsErrorCode.ConditionNotFound]: 404,
  [RecordsErrorCode.ConditionResolved]: 409,
  [RecordsErrorCode.EncounterNotFound]: 404,
  [RecordsErrorCode.EncounterEnded]: 409,
  [RecordsErrorCode.InvalidDate]: 400,
});
