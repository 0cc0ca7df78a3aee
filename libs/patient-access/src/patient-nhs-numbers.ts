/** Provider token of the NHS numbers a service knows its patients by (a clinical service: its patient view). */
export const PATIENT_NHS_NUMBERS = Symbol('PATIENT_NHS_NUMBERS');

/** A patient's token names them by NHS number only: this gives the number of the patient whose data is asked for. */
export interface PatientNhsNumbers {
  nhsNumberOf(patientId: string): Promise<string | null>;
}
