import { PATIENT_DATA_WRITE, type Principal } from '@care-events/auth';

/**
 * The rule every write route applies before its own: why this caller may not write, or null. Staff
 * record care for any patient; a system needs the patient-data:write scope; a patient writes only
 * where the route allows it (@PatientMayCall), and the service then checks it is their own record.
 */
export function writeRefusal(caller: Principal, patientMayCall: boolean): string | null {
  switch (caller.kind) {
    case 'staff':
      return null;
    case 'system':
      return caller.scopes.includes(PATIENT_DATA_WRITE) ? null : `the client ${caller.clientId} has no ${PATIENT_DATA_WRITE} scope`;
    case 'patient':
      return patientMayCall ? null : 'a patient may not make this change; it is made by staff or a system';
  }
}
