/**
 * What a clinical service knows of a patient from identity.patient.v1. A superseded patient was
 * merged into another record: writes go to the survivor instead.
 */
export type KnownPatientStatus = 'active' | 'deceased' | 'superseded';

export interface KnownPatient {
  patientId: string;
  status: KnownPatientStatus;
  /** ISO date, when deceased. */
  dateOfDeath: string | null;
  /** The record this one was merged into, when superseded. */
  survivingPatientId: string | null;
}
