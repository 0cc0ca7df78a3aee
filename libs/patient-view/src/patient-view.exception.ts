import { DomainException } from '@care-events/service-kit';

export enum PatientViewErrorCode {
  PatientUnknown = 'PATIENT_UNKNOWN',
  PatientSuperseded = 'PATIENT_SUPERSEDED',
  PatientDeceased = 'PATIENT_DECEASED',
}

export class PatientViewException extends DomainException<PatientViewErrorCode> {}

/** The HTTP status of each code; a service spreads these into its own exception filter's map. */
export const PATIENT_VIEW_STATUSES: Record<PatientViewErrorCode, number> = {
  [PatientViewErrorCode.PatientUnknown]: 404,
  [PatientViewErrorCode.PatientSuperseded]: 409,
  [PatientViewErrorCode.PatientDeceased]: 409,
};
