/** What the router keeps of a patient to decide relationships and restrict routing. */
export interface CarePatient {
  patientId: string;
  /** identity's PatientRegistered has been handled. */
  registered: boolean;
  sensitive: boolean;
  deceased: boolean;
  /** Set once the record was merged into another. */
  survivingPatientId: string | null;
  registeredGpOdsCode: string | null;
}

/** A patient the router has seen no identity event for yet (e.g. a survivor named by a merge). */
export function unknownPatient(patientId: string): CarePatient {
  return { patientId, registered: false, sensitive: false, deceased: false, survivingPatientId: null, registeredGpOdsCode: null };
}

/**
 * Whether routing must treat the patient as sensitive. Until identity's registration has been seen the
 * router cannot know, and a sensitive patient's events must never reach a setting they should not.
 */
export const restrictsRouting = (patient: CarePatient): boolean => patient.sensitive || !patient.registered;
