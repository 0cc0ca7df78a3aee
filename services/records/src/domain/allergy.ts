import { assertNotFuture } from './clinical-dates';
import { CodedConcept, Practitioner } from './clinical-types';
import { RecordsErrorCode, RecordsException } from './records-error';

export const ALLERGY_TYPES = ['allergy', 'intolerance'] as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export const ALLERGY_CRITICALITIES = ['low', 'high', 'unable-to-assess'] as const;
export const VERIFICATION_STATUSES = ['unconfirmed', 'confirmed'] as const;

export type AllergyType = (typeof ALLERGY_TYPES)[number];
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];
export type AllergyCriticality = (typeof ALLERGY_CRITICALITIES)[number];
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export interface AllergyReaction {
  manifestation: CodedConcept;
  description: string | null;
}

export interface Allergy {
  id: string;
  patientId: string;
  substance: CodedConcept;
  type: AllergyType;
  reaction: AllergyReaction | null;
  severity: AllergySeverity;
  criticality: AllergyCriticality;
  verificationStatus: VerificationStatus;
  recordedBy: Practitioner;
  /** YYYY-MM-DD */
  onsetDate: string | null;
  /** A record entered in error has no clinical status: it never described the patient. */
  clinicalStatus: 'active' | null;
  enteredInErrorReason: string | null;
  recordedAt: Date;
}

export type NewAllergy = Omit<Allergy, 'clinicalStatus' | 'enteredInErrorReason' | 'recordedAt'>;

export function recordAllergy(input: NewAllergy, now: Date): Allergy {
  assertNotFuture('onsetDate', input.onsetDate, now);
  return { ...input, clinicalStatus: 'active', enteredInErrorReason: null, recordedAt: now };
}

/** Withdraws a record that should never have been made; final, so a second attempt is refused. */
export function enterInError(allergy: Allergy, reason: string): Allergy {
  if (isEnteredInError(allergy)) {
    throw new RecordsException(RecordsErrorCode.AllergyEnteredInError, `allergy ${allergy.id} was already entered in error`, {
      allergyId: allergy.id,
    });
  }
  return { ...allergy, clinicalStatus: null, enteredInErrorReason: reason };
}

export const isEnteredInError = (allergy: Allergy): boolean => allergy.enteredInErrorReason !== null;
