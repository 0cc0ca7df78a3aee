export type Route = 'oral' | 'topical' | 'intravenous' | 'intramuscular' | 'subcutaneous' | 'inhaled' | 'rectal' | 'other';
export type CourseType = 'acute' | 'repeat';
export type MedicationStatus = 'active' | 'stopped';

export const ROUTES: Route[] = ['oral', 'topical', 'intravenous', 'intramuscular', 'subcutaneous', 'inhaled', 'rectal', 'other'];
export const COURSE_TYPES: CourseType[] = ['acute', 'repeat'];

/** A dm+d medicine and the term the prescriber saw. */
export interface Medicine {
  dmdId: string;
  term: string;
}

/** An amount in a UCUM unit. */
export interface Quantity {
  value: number;
  unit: string;
}

export interface Prescriber {
  practitionerId: string;
  name: string | null;
  odsCode: string;
}

/** A SNOMED CT concept with the term it was recorded with. */
export interface Concept {
  conceptId: string;
  term: string;
}

/** An allergy the patient has on record (from records.clinical.v1). */
export interface ActiveAllergy {
  allergyId: string;
  substance: Concept;
}

/** The prescriber's decision to go ahead despite conflicting allergies. */
export interface AllergyOverride {
  reason: string;
  allergyIds: string[];
  substances: Concept[];
}

/** A prescription and its lifecycle: active until stopped. */
export interface Medication {
  id: string;
  patientId: string;
  medicine: Medicine;
  dosageText: string;
  route: Route;
  quantity: Quantity;
  courseType: CourseType;
  prescriber: Prescriber;
  allergyOverride: AllergyOverride | null;
  status: MedicationStatus;
  stopReason: string | null;
  prescribedAt: Date;
  stoppedAt: Date | null;
}

/** One supply of a medication by a pharmacy. */
export interface Dispensation {
  id: string;
  medicationId: string;
  patientId: string;
  pharmacyOdsCode: string;
  quantity: Quantity;
  dispensedAt: Date;
}

export type NewMedication = Omit<Medication, 'status' | 'stopReason' | 'stoppedAt' | 'allergyOverride'>;
