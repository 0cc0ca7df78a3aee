import { feedRecord, isGpSourced, recordTypeOf } from './feed-record';
import { Pseudonymiser } from './pseudonymiser';

const keys = new Pseudonymiser('r1', new Map([[1, Buffer.alloc(32, 7)]]));
const identifiers = { yearOfBirth: 1970, postcodeDistrict: 'LS1', gender: 'FEMALE', practiceOdsCode: 'A81001' };
const source = (eventType: string, body: Record<string, unknown>) => ({ eventType, eventId: 'e-1', occurredAt: Date.UTC(2026, 10, 30, 15, 45), body });
const concept = { conceptId: '764146007', term: 'Penicillin' };

describe('feedRecord', () => {
  it.each([
    ['AllergyRecorded', { allergyId: 'a-1', substance: concept, severity: 'SEVERE', criticality: 'HIGH', reaction: { manifestation: concept, description: 'hives all over' } },
      { allergyRef: keys.ref('allergyId', 'a-1'), substance: concept, severity: 'SEVERE', criticality: 'HIGH' }],
    ['AllergyEnteredInError', { allergyId: 'a-1', substance: concept, reason: 'wrong patient, see note' },
      { allergyRef: keys.ref('allergyId', 'a-1'), substance: concept, severity: null, criticality: null }],
    ['MedicationPrescribed', { medicationId: 'm-1', medicine: { dmdId: '323509004', term: 'Amoxicillin' }, dosageText: 'take with food', route: 'ORAL', courseType: 'ACUTE', prescriber: { practitionerId: 'G1' } },
      { medicationRef: keys.ref('medicationId', 'm-1'), medicine: { dmdId: '323509004', term: 'Amoxicillin' }, route: 'ORAL', courseType: 'ACUTE' }],
    ['MedicationStopped', { medicationId: 'm-1', medicine: { dmdId: '323509004', term: 'Amoxicillin' }, reason: 'rash after second dose' },
      { medicationRef: keys.ref('medicationId', 'm-1'), medicine: { dmdId: '323509004', term: 'Amoxicillin' }, route: null, courseType: null }],
    ['AppointmentCancelled', { appointmentId: 'p-1', slotId: 's-1', start: Date.UTC(2026, 11, 2, 9), reason: 'feeling unwell', cancelledBy: 'PATIENT' },
      { appointmentRef: keys.ref('appointmentId', 'p-1'), startsOn: 20789, service: null, organisationOdsCode: null }],
    ['EncounterStarted', { encounterId: 'n-1', setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RX9', startedAt: 1, reason: concept },
      { encounterRef: keys.ref('encounterId', 'n-1'), setting: 'EMERGENCY_DEPARTMENT', organisationOdsCode: 'RX9' }],
    ['ResultAmended', { reportId: 'x-1', reason: 'transcription error', observations: [{ code: concept, value: 6.1, unit: 'mmol/L', interpretation: 'H', critical: false, referenceRange: null }] },
      { reportRef: keys.ref('reportId', 'x-1'), observations: [{ code: concept, value: 6.1, unit: 'mmol/L', interpretation: 'H' }] }],
  ])('%s keeps the coded content and nothing else', (eventType, body, clinical) => {
    const record = feedRecord(source(eventType, body), '9434765919', identifiers, keys);
    expect(record?.value).toEqual({
      eventId: keys.eventId('e-1'), eventType, occurredOn: 20787,
      patient: { pseudonym: keys.pseudonym('9434765919'), keyVersion: 1, ...identifiers }, ...clinical,
    });
    expect(record?.key).toBe(keys.pseudonym('9434765919'));
  });

  it.each(['ClinicalRecordsMerged', 'MedicationsMerged', 'PatientRegistered', 'Unknown'])('carries no %s', (eventType) => {
    expect([recordTypeOf(eventType), feedRecord(source(eventType, {}), '9434765919', identifiers, keys)]).toEqual([undefined, undefined]);
  });

  it.each([
    ['A81001', true],
    ['RX9', false],
    ['FA123', false],
    ['RXH01', false],
    [null, false],
  ])('a record from %s is GP-sourced: %s', (odsCode, gp) => {
    expect(isGpSourced(odsCode)).toBe(gp);
  });
});
