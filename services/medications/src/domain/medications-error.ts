import { DomainException } from '@care-events/domain-primitives';

export enum MedicationsErrorCode {
  MedicationNotFound = 'MEDICATION_NOT_FOUND',
  MedicationStopped = 'MEDICATION_STOPPED',
  AllergyConflict = 'ALLERGY_CONFLICT',
}

export class MedicationsException extends DomainException<MedicationsErrorCode> {}
