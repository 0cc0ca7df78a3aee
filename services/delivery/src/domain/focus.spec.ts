import { focusOf, FocusError, relativeReference } from './focus';

const PATIENT = '0b7d4c55-9a51-4f0e-8d3c-9a016f1c2a4e';
const OTHER = '6f1c2a4e-0b7d-4c55-9a51-7f0e2d3c9a01';
const RECORD = '3f2b1c9e-8d7a-4e6f-9a0b-1c2d3e4f5a6b';

const about = (eventType: string, event: Record<string, unknown>) => {
  const { focus, additionalContext } = focusOf(eventType, event, PATIENT);
  return [relativeReference(focus), additionalContext.map(relativeReference)];
};

describe('the focus of an event', () => {
  it.each([
    ['care.events.identity.PatientRegistered', {}, `Patient/${PATIENT}`, []],
    ['care.events.identity.PatientDeceased', {}, `Patient/${PATIENT}`, []],
    ['care.events.records.AllergyRecorded', { allergyId: RECORD }, `AllergyIntolerance/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.records.AllergyEnteredInError', { allergyId: RECORD }, `AllergyIntolerance/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.records.ConditionResolved', { conditionId: RECORD }, `Condition/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.records.EncounterStarted', { encounterId: RECORD }, `Encounter/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.medications.MedicationStopped', { medicationId: RECORD }, `MedicationStatement/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.medications.MedicationDispensed', { medicationId: RECORD, dispensationId: OTHER }, `MedicationStatement/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.appointments.AppointmentRescheduled', { appointmentId: RECORD }, `Appointment/${RECORD}`, [`Patient/${PATIENT}`]],
    ['care.events.results.ResultReleasedToPatient', { reportId: RECORD }, `DiagnosticReport/${RECORD}`, [`Patient/${PATIENT}`]],
  ])('%s is its own record, with the patient as context', (eventType, event, focus, context) => {
    expect(about(eventType, event)).toEqual([focus, context]);
  });

  it('of a patient merge is the surviving patient, the superseded one as context', () => {
    expect(about('care.events.identity.PatientRecordsMerged', { survivingPatientId: PATIENT, supersededPatientId: OTHER })).toEqual([
      `Patient/${PATIENT}`, [`Patient/${OTHER}`],
    ]);
  });

  it('of a merge of records is the surviving patient, with the superseded one and every record that moved as context', () => {
    const merged = { survivingPatientId: PATIENT, supersededPatientId: OTHER, allergyIds: [RECORD], conditionIds: [], encounterIds: ['e1', 'e2'] };
    expect(about('care.events.records.ClinicalRecordsMerged', merged)).toEqual([
      `Patient/${PATIENT}`, [`Patient/${OTHER}`, `AllergyIntolerance/${RECORD}`, 'Encounter/e1', 'Encounter/e2'],
    ]);
    expect(about('care.events.results.ResultsMerged', { survivingPatientId: PATIENT, supersededPatientId: OTHER, reportIds: [RECORD] })[1]).toEqual([
      `Patient/${OTHER}`, `DiagnosticReport/${RECORD}`,
    ]);
  });

  it.each([
    ['an unknown area', 'care.events.billing.InvoiceSent', {}, 'no FHIR focus is defined for events of type care.events.billing.InvoiceSent'],
    ['an unknown kind of record', 'care.events.records.ImmunisationGiven', {}, 'no FHIR focus is defined for events of type care.events.records.ImmunisationGiven'],
    ['no type name', 'care.events.records', {}, 'no FHIR focus is defined for events of type care.events.records'],
    ['no id', 'care.events.medications.MedicationStopped', {}, 'care.events.medications.MedicationStopped carries no medicationId'],
    ['an empty id', 'care.events.results.ResultReported', { reportId: '' }, 'care.events.results.ResultReported carries no reportId'],
    ['a merge without the moved ids', 'care.events.appointments.AppointmentsMerged', { survivingPatientId: PATIENT, supersededPatientId: OTHER }, 'care.events.appointments.AppointmentsMerged carries no list appointmentIds'],
    ['a merge without the survivor', 'care.events.identity.PatientRecordsMerged', { supersededPatientId: OTHER }, 'care.events.identity.PatientRecordsMerged carries no survivingPatientId'],
  ])('cannot be told for %s', (_, eventType, event, reason) => {
    expect(() => focusOf(eventType, event, PATIENT)).toThrow(new FocusError(reason));
  });
});
