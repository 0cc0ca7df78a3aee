import {
  allergyEnteredInError, allergyRecorded, booked, conditionRecorded, encounterStarted, event, metadata, prescribed, registered, released, resultReported, stopped,
} from '../../test/care-events';
import { appointmentsAround, applyEvent, CareEvent, CareRecord, PatientCareEvent, releasedToPatient } from './care-record';

const P = 'patient-1';
const fold = (...events: CareEvent[]): CareRecord => events.reduce<CareRecord | null>((record, e) => applyEvent(record, e as PatientCareEvent), null) as CareRecord;

describe('applyEvent', () => {
  it('keeps the non-sensitive demographics, GP and pharmacy of the registration, never the address or contact', () => {
    const record = fold(registered(P, { nominatedPharmacyOdsCode: 'FA123', birthDate: 7_000 }));
    expect(record).toMatchObject({
      patientId: P, nhsNumber: '9990000018', sensitive: false, registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: 'FA123',
      demographics: { name: { prefix: 'Mrs', given: ['Ann'], family: 'Smith' }, birthDate: '1989-03-02', gender: 'FEMALE' },
    });
    expect(JSON.stringify(record)).not.toMatch(/High St|LS1 4AP|0113/);
  });

  it('follows demographics, GP, pharmacy and sensitivity changes', () => {
    const record = fold(
      registered(P),
      event('care.events.identity.PatientDemographicsUpdated', {
        metadata: metadata(P, 1), name: { prefix: null, given: ['Anne'], family: 'Brown' }, birthDate: 1, gender: 'OTHER', address: null, contact: null, changedFields: ['name'],
      }),
      event('care.events.identity.PatientGpRegistrationChanged', { metadata: metadata(P, 2), previousGpOdsCode: 'A81001', gpOdsCode: 'B82002' }),
      event('care.events.identity.PatientNominatedPharmacyChanged', { metadata: metadata(P, 3), previousPharmacyOdsCode: null, pharmacyOdsCode: 'FA999' }),
      event('care.events.identity.PatientSensitivityChanged', { metadata: metadata(P, 4), sensitive: true }),
    );
    expect(record).toMatchObject({
      demographics: { name: { prefix: null, given: ['Anne'], family: 'Brown' }, birthDate: '1970-01-02', gender: 'OTHER' },
      registeredGpOdsCode: 'B82002', nominatedPharmacyOdsCode: 'FA999', sensitive: true,
    });
  });

  it('says the patient died, and a correction replaces the date', () => {
    const died = (days: number, correction: boolean, minutes: number) =>
      event('care.events.identity.PatientDeceased', { metadata: metadata(P, minutes), dateOfDeath: days, correction });
    expect(fold(registered(P), died(20_000, false, 1)).deceased).toEqual({ dateOfDeath: '2024-10-04' });
    expect(fold(registered(P), died(20_000, false, 1), died(20_001, true, 2)).deceased).toEqual({ dateOfDeath: '2024-10-05' });
  });

  it('keeps allergies with their coded substance, and drops one entered in error', () => {
    const record = fold(allergyRecorded(P, 'a1', 1), allergyRecorded(P, 'a2', 2), allergyEnteredInError(P, 'a1', 3));
    expect(record.allergies).toEqual([
      expect.objectContaining({
        allergyId: 'a2', substance: { system: 'http://snomed.info/sct', code: '373270004', display: 'Penicillin' }, criticality: 'HIGH',
        reaction: { manifestation: { system: 'http://snomed.info/sct', code: '39579001', display: 'Anaphylaxis' }, description: null },
        recordedAt: '2025-03-01T09:02:00.000Z',
      }),
    ]);
  });

  it('resolves a problem, keeping who recorded it', () => {
    const record = fold(
      conditionRecorded(P, 'c1'),
      event('care.events.records.ConditionResolved', { metadata: metadata(P, 2), conditionId: 'c1', code: { conceptId: '44054006', term: 'Type 2 diabetes mellitus' }, resolvedDate: 20_100 }),
    );
    expect(record.problems).toEqual([expect.objectContaining({ conditionId: 'c1', clinicalStatus: 'RESOLVED', onsetDate: '2022-01-08', resolvedDate: '2025-01-12', recordedBy: expect.objectContaining({ practitionerId: 'G8123456' }) })]);
  });

  it('keeps encounters latest first, with their end', () => {
    const started = encounterStarted(P, 'e1', 1);
    const record = fold(
      started,
      encounterStarted(P, 'e2', 5),
      event('care.events.records.EncounterEnded', {
        metadata: metadata(P, 6), encounterId: 'e1', setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RR801', startedAt: Date.parse('2025-03-01T09:01:00Z'), endedAt: Date.parse('2025-03-01T13:00:00Z'),
      }),
    );
    expect(record.encounters.map((e) => [e.encounterId, e.endedAt])).toEqual([['e2', null], ['e1', '2025-03-01T13:00:00.000Z']]);
    expect(record.encounters[1].reason).toEqual({ system: 'http://snomed.info/sct', code: '29857009', display: 'Chest pain' });
  });

  it('keeps current and stopped medications: the latest dose, who stopped one and why, the last dispensing', () => {
    const record = fold(
      prescribed(P, 'm1', 1),
      prescribed(P, 'm2', 2),
      event('care.events.medications.MedicationDoseChanged', {
        metadata: metadata(P, 3), medicationId: 'm2', medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' }, previousDosageText: 'One capsule three times a day', dosageText: 'Two capsules twice a day',
      }),
      event('care.events.medications.MedicationDispensed', {
        metadata: metadata(P, 4), medicationId: 'm2', medicine: { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' }, dispensationId: 'd1', pharmacyOdsCode: 'FA123', quantity: { value: 21, unit: '1' },
      }),
      stopped(P, 'm1', 5),
    );
    expect(record.medications.map((m) => [m.medicationId, m.status])).toEqual([['m2', 'ACTIVE'], ['m1', 'STOPPED']]);
    expect(record.medications[0]).toMatchObject({
      medicine: { system: 'https://dmd.nhs.uk', code: '323509004', display: 'Amoxicillin 250mg capsules' }, dosageText: 'Two capsules twice a day',
      doseChangedAt: '2025-03-01T09:03:00.000Z', lastDispensed: { pharmacyOdsCode: 'FA123', quantity: { value: 21, unit: '1' } },
    });
    expect(record.medications[1]).toMatchObject({
      stoppedAt: '2025-03-01T09:05:00.000Z', stoppedBy: { type: 'PRACTITIONER', id: 'G8765432', odsCode: 'A81001' }, stopReason: 'rash',
    });
  });

  it('ignores a change to a medication it never saw prescribed', () => {
    expect(fold(prescribed(P, 'm1'), stopped(P, 'unknown')).medications.map((m) => m.status)).toEqual(['ACTIVE']);
  });

  it('keeps results latest first, flags critical ones, and releases only the version released', () => {
    const amended = event('care.events.results.ResultAmended', {
      metadata: metadata(P, 6), reportId: 'r1', version: 2, amendsVersion: 1, reason: 'haemolysed sample', status: 'FINAL',
      observations: [{ code: { conceptId: '1000651000000109', term: 'Serum potassium level' }, value: 4.1, unit: 'mmol/L', referenceRange: null, interpretation: 'N', critical: false }],
      critical: false,
    });
    const beforeAmendment = fold(resultReported(P, 'r1', 1), resultReported(P, 'r2', 2, false), released(P, 'r1', 1, 5));
    expect(beforeAmendment.results.map((r) => [r.reportId, r.critical, r.released])).toEqual([['r2', false, false], ['r1', true, true]]);
    expect(beforeAmendment.results[1].observations[0]).toEqual({
      code: { system: 'http://snomed.info/sct', code: '1000651000000109', display: 'Serum potassium level' }, value: 6.8, unit: 'mmol/L',
      referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH', critical: true,
    });

    const after = applyEvent(beforeAmendment, amended as PatientCareEvent);
    expect(after.results.map((r) => [r.reportId, r.version, r.critical, r.released, r.amendmentReason])).toEqual([
      ['r1', 2, false, false, 'haemolysed sample'], ['r2', 1, false, false, null],
    ]);
    expect(applyEvent(after, released(P, 'r1', 1, 7) as PatientCareEvent).results[0].released).toBe(false);
    expect(applyEvent(after, released(P, 'r1', 2, 7) as PatientCareEvent).results[0].released).toBe(true);
  });

  it('shows a patient only the results released to them', () => {
    const record = fold(resultReported(P, 'r1', 1), resultReported(P, 'r2', 2), released(P, 'r1', 1, 5));
    expect(releasedToPatient(record).results.map((r) => r.reportId)).toEqual(['r1']);
  });

  it('follows an appointment from booking to rescheduling, attendance, a miss or a cancellation', () => {
    const record = fold(
      booked(P, 'ap1', '2025-03-10T10:00:00Z'),
      booked(P, 'ap2', '2025-03-02T10:00:00Z'),
      booked(P, 'ap3', '2025-04-01T10:00:00Z'),
      booked(P, 'ap4', '2025-03-20T10:00:00Z'),
      event('care.events.appointments.AppointmentRescheduled', {
        metadata: metadata(P, 2), appointmentId: 'ap1', previousSlotId: 'slot-ap1', previousStart: Date.parse('2025-03-10T10:00:00Z'), slotId: 's9',
        odsCode: 'A81001', service: 'GP appointment', start: Date.parse('2025-03-12T10:00:00Z'), end: Date.parse('2025-03-12T10:15:00Z'),
      }),
      event('care.events.appointments.AppointmentAttended', { metadata: metadata(P, 3), appointmentId: 'ap2', slotId: 'slot-ap2', start: Date.parse('2025-03-02T10:00:00Z') }),
      event('care.events.appointments.AppointmentCancelled', {
        metadata: metadata(P, 4), appointmentId: 'ap3', slotId: 'slot-ap3', start: Date.parse('2025-04-01T10:00:00Z'), cancelledBy: 'PATIENT', reason: 'feeling better',
      }),
      event('care.events.appointments.AppointmentMissed', { metadata: metadata(P, 5), appointmentId: 'ap4', slotId: 'slot-ap4', start: Date.parse('2025-03-20T10:00:00Z') }),
    );
    expect(record.appointments.map((a) => [a.appointmentId, a.status, a.start])).toEqual([
      ['ap2', 'ATTENDED', '2025-03-02T10:00:00.000Z'],
      ['ap1', 'BOOKED', '2025-03-12T10:00:00.000Z'],
      ['ap4', 'MISSED', '2025-03-20T10:00:00.000Z'],
      ['ap3', 'CANCELLED', '2025-04-01T10:00:00.000Z'],
    ]);
    expect(record.appointments[3].cancellation).toEqual({ cancelledBy: 'PATIENT', reason: 'feeling better' });
    const around = appointmentsAround(record, new Date('2025-03-05T00:00:00Z'));
    expect(around.upcoming.map((a) => a.appointmentId)).toEqual(['ap1']);
    expect(around.past.map((a) => a.appointmentId)).toEqual(['ap3', 'ap4', 'ap2']);
  });

  it('marks a merged-away record as superseded by the survivor', () => {
    expect(fold(registered(P), event('care.events.identity.PatientRecordsMerged', { metadata: metadata(P, 9), supersededPatientId: P, survivingPatientId: 'p2' })).supersededBy).toBe('p2');
  });

  it('does not change the record it is given', () => {
    const before = fold(registered(P), allergyRecorded(P, 'a1'));
    const copy = structuredClone(before);
    applyEvent(before, allergyEnteredInError(P, 'a1') as PatientCareEvent);
    expect(before).toEqual(copy);
  });
});
