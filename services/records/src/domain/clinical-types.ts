/** A SNOMED CT concept as recorded: the concept id and the term the clinician saw. */
export interface CodedConcept {
  conceptId: string;
  term: string;
}

export interface Practitioner {
  practitionerId: string;
  name: string | null;
  /** The organisation the practitioner acted for. */
  odsCode: string;
}
