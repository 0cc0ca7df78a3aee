import { AppointmentsEventType, IdentityEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { CarePatient, unknownPatient } from './care-patient';
import { CareRelationship } from './care-relationship';
import { AppliedEvent, CareState, PatientEvent, patientsOf, relevantAt } from './care-state';

const HOUR = 3_600_000;
const policy = { windowMs: 72 * HOUR };
const T0 = new Date('2025-03-01T09:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const A = '0a000000-0000-4000-8000-000000000001';
const B = '0b000000-0000-4000-8000-000000000002';
const C = '0c000000-0000-4000-8000-000000000003';

const event = (type: string, patientId: string, value: object, recordedAt = at(1)): PatientEvent => ({ type, patientId, value, recordedAt });
const registration = (patientId: string, gp: string, pharmacy: string | null = null, sensitive = false, recordedAt = at(1)) =>
  event(IdentityEventType.PatientRegistered, patientId, { registeredGpOdsCode: gp, nominatedPharmacyOdsCode: pharmacy, sensitive }, recordedAt);
const merge = (superseded: string, survivor: string, recordedAt = at(1)) =>
  event(IdentityEventType.PatientRecordsMerged, superseded, { supersededPatientId: superseded, survivingPatientId: survivor }, recordedAt);

/** Ids a real run draws at random, here in a sequence, so two runs over the same events give the same ids. */
const sequence = () => {
  let n = 0;
  return () => `f0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

/** The stored state after `state` was stored, as the next transaction would load it. */
function stored(patients: Map<string, CarePatient>, relationships: Map<string, CareRelationship>, state: CareState) {
  for (const patient of state.changedPatients()) patients.set(patient.patientId, patient);
  for (const relationship of [...state.changedRelationships(), ...state.newRelationships()]) relationships.set(relationship.id, relationship);
}

/** Each event in a state of its own, stored before the next: the one-event-per-transaction path. */
function oneByOne(patients: CarePatient[], events: PatientEvent[]) {
  const storedPatients = new Map(patients.map((p) => [p.patientId, p]));
  const storedRelationships = new Map<string, CareRelationship>();
  const newId = sequence();
  const applied = events.map((e) => {
    const state = new CareState([...storedPatients.values()], [...storedRelationships.values()], policy, newId);
    const result = state.apply(e);
    stored(storedPatients, storedRelationships, state);
    return result;
  });
  return { applied, patients: storedPatients, relationships: storedRelationships };
}

/** Every event in one state, stored once at the end: the batch path. */
function together(patients: CarePatient[], events: PatientEvent[]) {
  const storedPatients = new Map(patients.map((p) => [p.patientId, p]));
  const storedRelationships = new Map<string, CareRelationship>();
  const state = new CareState(patients, [], policy, sequence());
  const applied = events.map((e) => state.apply(e));
  stored(storedPatients, storedRelationships, state);
  return { applied, patients: storedPatients, relationships: storedRelationships, state };
}

const summary = (applied: AppliedEvent) => ({
  ...applied.around,
  ends: applied.ends.map((e) => `${e.relationship.kind} ${e.relationship.odsCode} ${e.why}`),
  started: applied.started.map((r) => `${r.kind} ${r.odsCode}`),
});

describe('CareState', () => {
  const story: PatientEvent[] = [
    registration(A, 'A81001', 'FA123', false, at(1)),
    registration(B, 'B82002', null, true, at(1)),
    event(IdentityEventType.PatientGpRegistrationChanged, A, { gpOdsCode: 'C83003' }, at(2)),
    event(RecordsEventType.EncounterStarted, A, { encounterId: 'e1', odsCode: 'RX9' }, at(3)),
    event(AppointmentsEventType.AppointmentBooked, B, { appointmentId: 'a1', odsCode: 'RYJ' }, at(3)),
    event(RecordsEventType.EncounterEnded, A, { encounterId: 'e1', odsCode: 'RX9' }, at(4)),
    event(AppointmentsEventType.AppointmentAttended, B, { appointmentId: 'a1' }, at(5)),
    event(ResultsEventType.ResultReported, C, { reportId: 'r1', requestingOdsCode: 'RX9' }, at(5)),
    merge(A, B, at(6)),
    event(IdentityEventType.PatientNominatedPharmacyChanged, A, { pharmacyOdsCode: 'FB456' }, at(7)),
    event(IdentityEventType.PatientDeceased, B, { dateOfDeath: 20_000, correction: false }, at(8)),
    event(ResultsEventType.ResultAmended, C, { reportId: 'r1' }, at(80)),
  ];

  it('applies events together exactly as one by one, each stored before the next', () => {
    const patients = [unknownPatient(A), unknownPatient(B), unknownPatient(C)];
    const batch = together(patients, story);
    const single = oneByOne(patients, story);
    expect(batch.applied.map(summary)).toEqual(single.applied.map(summary));
    expect(batch.patients).toEqual(single.patients);
    expect(batch.relationships).toEqual(single.relationships);
  });

  it('lets each event see what the ones before it did', () => {
    const { applied } = together([unknownPatient(A)], [registration(A, 'A81001'), event(IdentityEventType.PatientGpRegistrationChanged, A, { gpOdsCode: 'B82002' }, at(2))]);
    expect(applied[1].around).toEqual({
      before: [{ odsCode: 'A81001', kind: 'GP_PRACTICE' }],
      after: [{ odsCode: 'B82002', kind: 'GP_PRACTICE' }],
      sensitive: false,
      registeredGp: 'B82002',
    });
    expect(summary(applied[1])).toMatchObject({ ends: ['GP_PRACTICE A81001 SUPERSEDED_BY_CHANGE'], started: ['GP_PRACTICE B82002'] });
  });

  it('stores a relationship started and ended by the same events once, as it ended; a loaded one it changed, as an update', () => {
    const open: CareRelationship = {
      id: 'e0000000-0000-4000-8000-000000000001', patientId: A, odsCode: 'FA123', kind: 'NOMINATED_PHARMACY', sourceId: null, startedAt: T0,
      endsAt: null, endedAt: null, endReason: null, reason: null, createdBy: null, endedBy: null,
    };
    const state = new CareState([{ ...unknownPatient(A), registered: true }], [open], policy, sequence());
    state.apply(event(IdentityEventType.PatientGpRegistrationChanged, A, { gpOdsCode: 'A81001' }, at(1)));
    state.apply(event(IdentityEventType.PatientGpRegistrationChanged, A, { gpOdsCode: 'B82002' }, at(2)));
    state.apply(event(IdentityEventType.PatientNominatedPharmacyChanged, A, { pharmacyOdsCode: null }, at(3)));
    expect(state.newRelationships().map((r) => [r.odsCode, r.endReason])).toEqual([['A81001', 'SUPERSEDED_BY_CHANGE'], ['B82002', null]]);
    expect(state.changedRelationships()).toEqual([{ ...open, endedAt: at(3), endReason: 'SUPERSEDED_BY_CHANGE' }]);
    expect(state.changedPatients()).toEqual([{ ...unknownPatient(A), registered: true, registeredGpOdsCode: 'B82002' }]);
  });

  it('gives a merged record\'s later events to the survivor, and moves its relationships there', () => {
    const { applied, relationships } = together(
      [unknownPatient(A), unknownPatient(B)],
      [registration(A, 'A81001', 'FA123'), registration(B, 'B82002'), merge(A, B, at(2)), event(RecordsEventType.EncounterStarted, A, { encounterId: 'e1', odsCode: 'RX9' }, at(3))],
    );
    expect(summary(applied[2])).toMatchObject({
      ends: ['GP_PRACTICE A81001 PATIENTS_MERGED', 'NOMINATED_PHARMACY FA123 PATIENTS_MERGED'],
      started: ['NOMINATED_PHARMACY FA123'],
      registeredGp: 'B82002',
    });
    expect(applied[3].started).toEqual([expect.objectContaining({ patientId: B, kind: 'ENCOUNTER', odsCode: 'RX9' })]);
    const open = [...relationships.values()].filter((r) => r.endedAt === null).map((r) => `${r.patientId === B ? 'B' : 'A'} ${r.kind} ${r.odsCode}`);
    expect(open.sort()).toEqual(['B ENCOUNTER RX9', 'B GP_PRACTICE B82002', 'B NOMINATED_PHARMACY FA123']);
  });

  it('treats a patient whose registration it has not seen as sensitive', () => {
    const { applied } = together([unknownPatient(A)], [event(RecordsEventType.EncounterStarted, A, { encounterId: 'e1', odsCode: 'RX9' })]);
    expect(applied[0].around).toEqual({ before: [], after: [{ odsCode: 'RX9', kind: 'ENCOUNTER' }], sensitive: true, registeredGp: null });
  });

  it('routes a death to the settings related before it, then ends them', () => {
    const { applied } = together([unknownPatient(A)], [registration(A, 'A81001'), event(IdentityEventType.PatientDeceased, A, { dateOfDeath: 20_000, correction: false }, at(2))]);
    expect(applied[1].around).toMatchObject({ before: [{ odsCode: 'A81001', kind: 'GP_PRACTICE' }], after: [] });
  });

  it('refuses an event about a patient that was not loaded with it', () => {
    const state = new CareState([unknownPatient(A)], [], policy, sequence());
    expect(() => state.apply(registration(B, 'A81001'))).toThrow(/not loaded/);
  });
});

describe('patientsOf', () => {
  it('names the patient of an event, and both records of a merge', () => {
    expect(patientsOf(registration(A, 'A81001'))).toEqual([A]);
    expect(patientsOf(merge(A, B))).toEqual([A, B]);
  });
});

describe('relevantAt', () => {
  const relationship = (fields: Partial<CareRelationship>): CareRelationship => ({
    id: 'r1', patientId: A, odsCode: 'RX9', kind: 'RESULT', sourceId: 'r1', startedAt: T0, endsAt: null, endedAt: null, endReason: null,
    reason: null, createdBy: null, endedBy: null, ...fields,
  });

  it.each<[string, Partial<CareRelationship>, boolean]>([
    ['an open relationship', {}, true],
    ['one ended after the event', { endedAt: at(3), endReason: 'WINDOW_ELAPSED' }, true],
    ['one ended before the event, of another source', { endedAt: at(1), endReason: 'WINDOW_ELAPSED', sourceId: 'r2' }, false],
    ['one ended before the event, of its source', { endedAt: at(1), endReason: 'WINDOW_ELAPSED' }, true],
    ['one ended at the event\'s time', { endedAt: at(2), endReason: 'WINDOW_ELAPSED', sourceId: 'r2' }, false],
  ])('%s: %s', (_, fields, expected) => {
    expect(relevantAt(relationship(fields), at(2), { kind: 'RESULT', sourceId: 'r1' })).toBe(expected);
  });
});
