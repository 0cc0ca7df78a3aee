import type { Coding } from '@medplum/fhirtypes';
import type { CareAllergy, CareAppointment, CareEncounter, CareMedication, CareObservation, CareProblem, CareResult } from '../domain/care-record';

/*
 * The code systems and the one table per care-record value that the FHIR R4 bundle uses. Codes of
 * elements with a required binding come from the value set R4 binds (checked in the tests against
 * the published definitions); the NHS identifier systems are those of the NHS England FHIR APIs.
 */

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** A URI used as an identifier (RFC 3986): how a logical reference names a resource by its urn:uuid. */
export const URI_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const V3_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';

export const GENDER = { MALE: 'male', FEMALE: 'female', OTHER: 'other', UNKNOWN: 'unknown' } as const;

/** NHS England's APIs (PDS) label a sensitive patient's record restricted, so that consumers handle it as such. */
export const RESTRICTED: Coding = { system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' };

/** The record keeps only allergies in force: entered-in-error ones are removed, so every one is active. */
export const ALLERGY_ACTIVE: Coding = { system: ALLERGY_CLINICAL, code: 'active', display: 'Active' };

export const ALLERGY_VERIFICATION_STATUS: Record<CareAllergy['verificationStatus'], Coding> = {
  CONFIRMED: { system: ALLERGY_VERIFICATION, code: 'confirmed', display: 'Confirmed' },
  UNCONFIRMED: { system: ALLERGY_VERIFICATION, code: 'unconfirmed', display: 'Unconfirmed' },
};

export const ALLERGY_TYPE = { ALLERGY: 'allergy', INTOLERANCE: 'intolerance' } as const;
export const ALLERGY_CRITICALITY = { LOW: 'low', HIGH: 'high', UNABLE_TO_ASSESS: 'unable-to-assess' } as const;
export const REACTION_SEVERITY = { MILD: 'mild', MODERATE: 'moderate', SEVERE: 'severe' } as const;

export const CONDITION_CLINICAL_STATUS: Record<CareProblem['clinicalStatus'], Coding> = {
  ACTIVE: { system: CONDITION_CLINICAL, code: 'active', display: 'Active' },
  RESOLVED: { system: CONDITION_CLINICAL, code: 'resolved', display: 'Resolved' },
};

/** The care record holds the patient's problem list, not the diagnoses of one encounter. */
export const PROBLEM_LIST_ITEM: Coding = { system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' };

export const MEDICATION_STATUS = { ACTIVE: 'active', STOPPED: 'stopped' } as const;

/**
 * Words, not SNOMED CT route codes: the events carry a route kind, and a wrong route code would be
 * worse for a prescriber than the plain word.
 */
export const ROUTE_TEXT: Record<CareMedication['route'], string> = {
  ORAL: 'Oral', TOPICAL: 'Topical', INTRAVENOUS: 'Intravenous', INTRAMUSCULAR: 'Intramuscular',
  SUBCUTANEOUS: 'Subcutaneous', INHALED: 'Inhalation', RECTAL: 'Rectal', OTHER: 'Other',
};

/**
 * A report's status: a later version of a final report is 'amended'; a preliminary one stays
 * 'preliminary' whatever its version, so that nothing unfinished reads as final.
 */
export function reportStatus(result: Pick<CareResult, 'status' | 'version'>): 'preliminary' | 'final' | 'amended' {
  if (result.status !== 'FINAL') return 'preliminary';
  return result.version > 1 ? 'amended' : 'final';
}

/**
 * The laboratory's HL7 v2 flag as a v3 ObservationInterpretation code (the same letters). A value
 * marked critical is never shown as merely high, low or abnormal: it becomes HH, LL or AA.
 */
export function interpretation(observation: Pick<CareObservation, 'interpretation' | 'critical'>): Coding {
  const code = observation.critical ? CRITICAL[observation.interpretation] : observation.interpretation;
  return { system: V3_INTERPRETATION, code, display: INTERPRETATION_DISPLAY[code] };
}
const CRITICAL: Record<CareObservation['interpretation'], 'HH' | 'LL' | 'AA'> = { N: 'AA', A: 'AA', H: 'HH', HH: 'HH', L: 'LL', LL: 'LL' };
const INTERPRETATION_DISPLAY: Record<CareObservation['interpretation'] | 'AA', string> = {
  N: 'Normal', L: 'Low', H: 'High', LL: 'Critical low', HH: 'Critical high', A: 'Abnormal', AA: 'Critical abnormal',
};

export const APPOINTMENT_STATUS = { BOOKED: 'booked', ATTENDED: 'fulfilled', MISSED: 'noshow', CANCELLED: 'cancelled' } as const;

/**
 * Encounter.class from v3 ActCode: an ambulance crew sees the patient in the field (FLD); a GP
 * practice, outpatient clinic or pharmacy sees them without admission (AMB).
 */
export const ENCOUNTER_CLASS: Record<CareEncounter['setting'], Coding> = {
  GENERAL_PRACTICE: { system: V3_ACT_CODE, code: 'AMB', display: 'ambulatory' },
  OUTPATIENT: { system: V3_ACT_CODE, code: 'AMB', display: 'ambulatory' },
  COMMUNITY_PHARMACY: { system: V3_ACT_CODE, code: 'AMB', display: 'ambulatory' },
  EMERGENCY_DEPARTMENT: { system: V3_ACT_CODE, code: 'EMER', display: 'emergency' },
  INPATIENT: { system: V3_ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
  AMBULANCE: { system: V3_ACT_CODE, code: 'FLD', display: 'field' },
};

/** Participation of the patient in an appointment: declined when they cancelled it themselves. */
export function patientParticipation(appointment: Pick<CareAppointment, 'cancellation'>): 'accepted' | 'declined' {
  return appointment.cancellation?.cancelledBy === 'PATIENT' ? 'declined' : 'accepted';
}
