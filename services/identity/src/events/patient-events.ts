import { isoDateToEpochDays } from '@care-events/domain-primitives';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Demographics, Patient, PatientChange } from '../domain/patient';

const NAMESPACE = 'care.events.identity';

/**
 * The events on identity.patient.v1 for a decision's changes. A sensitive patient's address and
 * contact details never leave this service: they are null in every event about that patient.
 */
export function patientEvents(patient: Patient, changes: PatientChange[], context: CommandContext, now: Date): DomainEvent[] {
  return changes.map((change) => {
    const metadata = eventMetadata(context, patient.id, now);
    const [name, body] = eventBody(patient, change);
    return { type: `${NAMESPACE}.${name}`, value: { metadata, ...body } };
  });
}

function eventBody(patient: Patient, change: PatientChange): [string, Record<string, unknown>] {
  switch (change.kind) {
    case 'registered':
      return ['PatientRegistered', {
        nhsNumber: patient.nhsNumber,
        ...demographics(patient),
        registeredGpOdsCode: patient.registeredGpOdsCode,
        nominatedPharmacyOdsCode: patient.nominatedPharmacyOdsCode,
        sensitive: patient.sensitive,
      }];
    case 'demographicsUpdated':
      return ['PatientDemographicsUpdated', { ...demographics(patient), changedFields: change.changedFields }];
    case 'gpRegistrationChanged':
      return ['PatientGpRegistrationChanged', { previousGpOdsCode: change.previousGpOdsCode, gpOdsCode: patient.registeredGpOdsCode }];
    case 'nominatedPharmacyChanged':
      return ['PatientNominatedPharmacyChanged', {
        previousPharmacyOdsCode: change.previousPharmacyOdsCode,
        pharmacyOdsCode: patient.nominatedPharmacyOdsCode,
      }];
    case 'deceased':
      return ['PatientDeceased', { dateOfDeath: isoDateToEpochDays(patient.dateOfDeath as string), correction: change.correction }];
    case 'merged':
      return ['PatientRecordsMerged', { supersededPatientId: patient.id, survivingPatientId: change.survivingPatientId }];
    case 'sensitivityChanged':
      return ['PatientSensitivityChanged', { sensitive: patient.sensitive }];
  }
}

function demographics(patient: Patient): Record<keyof Demographics, unknown> {
  return {
    name: patient.name,
    birthDate: isoDateToEpochDays(patient.birthDate),
    gender: patient.gender.toUpperCase(),
    address: patient.sensitive ? null : patient.address,
    contact: patient.sensitive ? null : patient.contact,
  };
}
