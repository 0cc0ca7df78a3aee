export type Gender = 'male' | 'female' | 'other' | 'unknown';
export type PatientStatus = 'active' | 'deceased' | 'superseded';

export interface PersonName {
  prefix: string | null;
  given: string[];
  family: string;
}

export interface Address {
  lines: string[];
  city: string | null;
  district: string | null;
  postcode: string;
}

export interface ContactDetails {
  phone: string | null;
  email: string | null;
}

export interface Demographics {
  name: PersonName;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Gender;
  address: Address | null;
  contact: ContactDetails | null;
}

export interface Patient extends Demographics {
  id: string;
  /** Ten digits, no spaces. */
  nhsNumber: string;
  registeredGpOdsCode: string;
  nominatedPharmacyOdsCode: string | null;
  sensitive: boolean;
  status: PatientStatus;
  dateOfDeath: string | null;
  /** Set once a merge superseded this record: the record that carries on. */
  survivingPatientId: string | null;
  version: number;
}

/** What a command changed; each becomes one event. */
export type PatientChange =
  | { kind: 'registered' }
  | { kind: 'demographicsUpdated'; changedFields: Array<keyof Demographics> }
  | { kind: 'gpRegistrationChanged'; previousGpOdsCode: string }
  | { kind: 'nominatedPharmacyChanged'; previousPharmacyOdsCode: string | null }
  | { kind: 'deceased'; correction: boolean }
  | { kind: 'merged'; survivingPatientId: string }
  | { kind: 'sensitivityChanged' };

/** A command's outcome: the patient after it and what changed (nothing changed: no event). */
export interface Decision {
  patient: Patient;
  changes: PatientChange[];
}
