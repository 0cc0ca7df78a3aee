import { randomUUID } from 'node:crypto';
import { EventByType, Metadata } from '@care-events/contracts';
import { CareEvent, CareEventType } from '../src/domain/care-record';

/*
 * Events as the services publish them, for the fold's specs: each builder takes only what a spec
 * varies and fills in the rest with plausible values.
 */

const DOCTOR = { practitionerId: 'G8123456', name: 'Dr Ada Jones', odsCode: 'A81001' };
export const BASE_TIME = Date.parse('2025-03-01T09:00:00Z');

export function metadata(patientId: string, minutes = 0, actor: Metadata['actor'] = { type: 'SYSTEM', id: 'test', odsCode: null }): Metadata {
  const at = BASE_TIME + minutes * 60_000;
  return { eventId: randomUUID(), occurredAt: at, recordedAt: at, patientId, actor, correlationId: 'c', causationId: null };
}

export function event<T extends CareEventType>(type: T, payload: EventByType[T]): CareEvent {
  return { type, payload } as CareEvent;
}

export const registered = (patientId: string, overrides: Partial<EventByType['care.events.identity.PatientRegistered']> = {}) =>
  event('care.events.identity.PatientRegistered', {
    metadata: metadata(patientId), nhsNumber: '9990000018', name: { prefix: 'Mrs', given: ['Ann'], family: 'Smith' }, birthDate: 0, gender: 'FEMALE',
    address: { lines: ['1 High St'], city: 'Leeds', district: null, postcode: 'LS1 4AP' }, contact: { phone: '0113 000 0000', email: null },
    registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: null, sensitive: false, ...overrides,
  });

export const allergyRecorded = (patientId: string, allergyId: string, minutes = 1) =>
  event('care.events.records.AllergyRecorded', {
    metadata: metadata(patientId, minutes), allergyId, substance: { conceptId: '373270004', term: 'Penicillin' }, type: 'ALLERGY',
    reaction: { manifestation: { conceptId: '39579001', term: 'Anaphylaxis' }, description: null }, severity: 'SEVERE', criticality: 'HIGH',
    verificationStatus: 'CONFIRMED', recordedBy: DOCTOR, onsetDate: null,
  });

export const allergyEnteredInError = (patientId: string, allergyId: string, minutes = 2) =>
  event('care.events.records.AllergyEnteredInError', {
    metadata: metadata(patientId, minutes), allergyId, substance: { conceptId: '373270004', term: 'Penicillin' }, reason: 'wrong patient',
  });

export const conditionRecorded = (patientId: string, conditionId: string, minutes = 1) =>
  event('care.events.records.ConditionRecorded', {
    metadata: metadata(patientId, minutes), conditionId, code: { conceptId: '44054006', term: 'Type 2 diabetes mellitus' }, onsetDate: 19_000,
    clinicalStatus: 'ACTIVE', recordedBy: DOCTOR,
  });

export const encounterStarted = (patientId: string, encounterId: string, minutes = 1) =>
  event('care.events.records.EncounterStarted', {
    metadata: metadata(patientId, minutes), encounterId, setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RR801', startedAt: BASE_TIME + minutes * 60_000,
    reason: { conceptId: '29857009', term: 'Chest pain' },
  });

export const prescribed = (patientId: string, medicationId: string, minutes = 1) =>
  event('care.events.medications.MedicationPrescribed', {
    metadata: metadata(patientId, minutes), medicationId, medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' },
    dosageText: 'One capsule three times a day', route: 'ORAL', quantity: { value: 21, unit: '1' }, courseType: 'ACUTE', prescriber: DOCTOR, allergyOverride: null,
  });

export const stopped = (patientId: string, medicationId: string, minutes = 3) =>
  event('care.events.medications.MedicationStopped', {
    metadata: metadata(patientId, minutes, { type: 'PRACTITIONER', id: 'G8765432', odsCode: 'A81001' }), medicationId,
    medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' }, reason: 'rash',
  });

export const booked = (patientId: string, appointmentId: string, start: string, minutes = 1) =>
  event('care.events.appointments.AppointmentBooked', {
    metadata: metadata(patientId, minutes), appointmentId, slotId: `slot-${appointmentId}`, odsCode: 'A81001', service: 'GP appointment',
    start: Date.parse(start), end: Date.parse(start) + 15 * 60_000, bookedBy: 'STAFF',
  });

const POTASSIUM = { code: { conceptId: '1000651000000109', term: 'Serum potassium level' }, value: 6.8, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 } };

export const resultReported = (patientId: string, reportId: string, minutes = 1, critical = true) =>
  event('care.events.results.ResultReported', {
    metadata: metadata(patientId, minutes), reportId, version: 1, testCode: { conceptId: '1000791000000106', term: 'Urea and electrolytes' }, status: 'FINAL',
    performingLabOdsCode: 'RR8LB', requestingOdsCode: 'A81001', effectiveAt: null,
    observations: [{ ...POTASSIUM, interpretation: critical ? 'HH' : 'N', critical }], critical,
  });

export const released = (patientId: string, reportId: string, version: number, minutes = 5) =>
  event('care.events.results.ResultReleasedToPatient', { metadata: metadata(patientId, minutes), reportId, version, releasedBy: DOCTOR, automatic: false });

export const recordsMerged = (superseded: string, surviving: string, minutes = 10) =>
  event('care.events.identity.PatientRecordsMerged', { metadata: metadata(superseded, minutes), supersededPatientId: superseded, survivingPatientId: surviving });

export const clinicalRecordsMerged = (superseded: string, surviving: string, ids: { allergyIds?: string[]; conditionIds?: string[]; encounterIds?: string[] }, minutes = 11) =>
  event('care.events.records.ClinicalRecordsMerged', {
    metadata: metadata(surviving, minutes), supersededPatientId: superseded, survivingPatientId: surviving,
    allergyIds: ids.allergyIds ?? [], conditionIds: ids.conditionIds ?? [], encounterIds: ids.encounterIds ?? [],
  });

export const medicationsMerged = (superseded: string, surviving: string, medicationIds: string[], minutes = 11) =>
  event('care.events.medications.MedicationsMerged', { metadata: metadata(surviving, minutes), supersededPatientId: superseded, survivingPatientId: surviving, medicationIds });

export const conditionResolved = (patientId: string, conditionId: string, minutes = 2) =>
  event('care.events.records.ConditionResolved', {
    metadata: metadata(patientId, minutes), conditionId, code: { conceptId: '44054006', term: 'Type 2 diabetes mellitus' }, resolvedDate: 20_100,
  });

export const encounterEnded = (patientId: string, encounterId: string, startedMinutes: number, minutes: number) =>
  event('care.events.records.EncounterEnded', {
    metadata: metadata(patientId, minutes), encounterId, setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RR801',
    startedAt: BASE_TIME + startedMinutes * 60_000, endedAt: BASE_TIME + minutes * 60_000,
  });

export const doseChanged = (patientId: string, medicationId: string, minutes = 2) =>
  event('care.events.medications.MedicationDoseChanged', {
    metadata: metadata(patientId, minutes), medicationId, medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' },
    previousDosageText: 'One capsule three times a day', dosageText: 'Two capsules twice a day',
  });

export const resultAmended = (patientId: string, reportId: string, minutes = 3) =>
  event('care.events.results.ResultAmended', {
    metadata: metadata(patientId, minutes), reportId, version: 2, amendsVersion: 1, reason: 'haemolysed sample', status: 'FINAL', critical: false,
    observations: [{ ...POTASSIUM, value: 4.1, interpretation: 'N', critical: false }],
  });

export const rescheduled = (patientId: string, appointmentId: string, start: string, minutes = 2) =>
  event('care.events.appointments.AppointmentRescheduled', {
    metadata: metadata(patientId, minutes), appointmentId, previousSlotId: `slot-${appointmentId}`, previousStart: BASE_TIME, slotId: `moved-${appointmentId}`,
    odsCode: 'A81001', service: 'GP appointment', start: Date.parse(start), end: Date.parse(start) + 15 * 60_000,
  });

export const cancelled = (patientId: string, appointmentId: string, minutes = 3) =>
  event('care.events.appointments.AppointmentCancelled', {
    metadata: metadata(patientId, minutes), appointmentId, slotId: `slot-${appointmentId}`, start: BASE_TIME, cancelledBy: 'PATIENT', reason: 'feeling better',
  });

export const attended = (patientId: string, appointmentId: string, minutes = 3) =>
  event('care.events.appointments.AppointmentAttended', { metadata: metadata(patientId, minutes), appointmentId, slotId: `slot-${appointmentId}`, start: BASE_TIME });

export const appointmentsMerged = (superseded: string, surviving: string, appointmentIds: string[], minutes = 11) =>
  event('care.events.appointments.AppointmentsMerged', { metadata: metadata(surviving, minutes), supersededPatientId: superseded, survivingPatientId: surviving, appointmentIds });

export const resultsMerged = (superseded: string, surviving: string, reportIds: string[], minutes = 11) =>
  event('care.events.results.ResultsMerged', { metadata: metadata(surviving, minutes), supersededPatientId: superseded, survivingPatientId: surviving, reportIds });
