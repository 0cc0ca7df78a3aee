import { PATIENT_VIEW_STATUSES, PatientViewErrorCode } from '@care-events/patient-view';
import { domainExceptionFilter } from '@care-events/service-kit';
import { MedicationsErrorCode } from '../domain/medications-error';

/** Every medications and patient-view error code and the HTTP status it answers with. */
export const MedicationsExceptionFilter = domainExceptionFilter<MedicationsErrorCode | PatientViewErrorCode>({
  ...PATIENT_VIEW_STATUSES,
  [MedicationsErrorCode.MedicationNotFound]: 404,
  [MedicationsErrorCode.MedicationStopped]: 409,
  [MedicationsErrorCode.AllergyConflict]: 409,
});
