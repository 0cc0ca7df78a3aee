import { Patient } from '../domain/patient';

/** The API's view of a patient. A superseded record answers with a pointer to the survivor. */
export function patientResponse(patient: Patient) {
  if (patient.status === 'superseded') {
    return { id: patient.id, status: patient.status, survivingPatientId: patient.survivingPatientId, version: patient.version };
  }
  return {
    id: patient.id,
    nhsNumber: patient.nhsNumber,
    name: patient.name,
    birthDate: patient.birthDate,
    gender: patient.gender,
    address: patient.address,
    contact: patient.contact,
    registeredGpOdsCode: patient.registeredGpOdsCode,
    nominatedPharmacyOdsCode: patient.nominatedPharmacyOdsCode,
    sensitive: patient.sensitive,
    status: patient.status,
    dateOfDeath: patient.dateOfDeath,
    version: patient.version,
  };
}
