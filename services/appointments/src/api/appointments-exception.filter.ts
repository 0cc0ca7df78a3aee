import { PATIENT_VIEW_STATUSES, PatientViewErrorCode } from '@care-events/patient-view';
import { domainExceptionFilter } from '@care-events/service-kit';
import { AppointmentsErrorCode } from '../domain/appointments-error';

/** Every appointments and patient-view error code and the HTTP status it answers with. */
export const AppointmentsExceptionFilter = domainExceptionFilter<AppointmentsErrorCode | PatientViewErrorCode>({
  ...PATIENT_VIEW_STATUSES,
  [AppointmentsErrorCode.SlotNotFound]: 404,
  [AppointmentsErrorCode.AppointmentNotFound]: 404,
  [AppointmentsErrorCode.InvalidSlot]: 400,
  [AppointmentsErrorCode.SlotInPast]: 409,
  [AppointmentsErrorCode.SlotFull]: 409,
  [AppointmentsErrorCode.SameSlot]: 409,
  [AppointmentsErrorCode.NotBooked]: 409,
  [AppointmentsErrorCode.NotStarted]: 409,
});
