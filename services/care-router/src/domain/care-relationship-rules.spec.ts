import { AppointmentsEventType, IdentityEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { CarePatient, restrictsRouting, unknownPatient } from './care-patient';
import { CareRelationship, isActiveAt, NewRelationship, RelationshipKind, settingLinksAt } from './care-relationship';
import { CareRelationshipErrorCode } from './care-relationship-error';
import {
  decideEndFollow,
  decideExpiry,
  decideFollow,
  decideMerge,
  decideOnEvent,
  eventSource,
  FollowRequest,
  mergeOf,
  RelationshipDecision,
  relationshipsAfter,
} from './care-relationship-rules';

const HOUR = 3_600_000;
const policy = { windowMs: 72 * HOUR };
const T0 = new Date('2025-03-01T09:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const P = '3f1d9a52-7c1b-4c55-9d0e-2b0f6e4b1a01';
const SURVIVOR = '9b2e4c11-5a7d-4f3e-8c21-6d4a0b9e7f02';
const registered: CarePatient = { ...unknownPatient(P), registered: true, registeredGpOdsCode: 'A81001' };

let ids = 0;
function relationship(kind: RelationshipKind, odsCode: string, fields: Partial<CareRelationship> = {}): CareRelationship {
  return {
    id: `r${++ids}`,
    patientId: P,
    odsCode,
    kind,
    sourceId: null,
    startedAt: T0,
    endsAt: null,
    endedAt: null,
    endReason: null,
    reason: null,
    createdBy: null,
    endedBy: null,
    ...fields,
  };
}

const event = (type: string, value: object, recordedAt = at(1)) => ({ type, value, recordedAt });
const started = (decision: RelationshipDecision | { starts: NewRelationship[] }) => decision.starts.map((s) => `${s.kind} ${s.odsCode}`);
const ended = (decision: { ends: RelationshipDecision['ends'] }) => decision.ends.map((e) => `${e.relationship.kind} ${e.relationship.odsCode} ${e.why}`);

describe('identity events', () => {
  it('registration relates the GP practice and the nominated pharmacy, and records sensitivity', () => {
    const decision = decideOnEvent(
      unknownPatient(P),
      [],
      event(IdentityEventType.PatientRegistered, { registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: 'FA123', sensitive: true }),
      policy,
    );
    expect(started(decision)).toEqual(['GP_PRACTICE A81001', 'NOMINATED_PHARMACY FA123']);
    expect(decision.starts[0]).toMatchObject({ patientId: P, startedAt: at(1), endsAt: null, sourceId: null });
    expect(decision.patient).toMatchObject({ registered: true, sensitive: true, registeredGpOdsCode: 'A81001' });
  });

  it('registration without a pharmacy relates the GP practice only', () => {
    const decision = decideOnEvent(
      unknownPatient(P),
      [],
      event(IdentityEventType.PatientRegistered, { registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: null, sensitive: false }),
      policy,
    );
    expect(started(decision)).toEqual(['GP_PRACTICE A81001']);
  });

  it('a GP change ends the old practice and starts the new one', () => {
    const old = relationship('GP_PRACTICE', 'A81001');
    const decision = decideOnEvent(registered, [old], event(IdentityEventType.PatientGpRegistrationChanged, { previousGpOdsCode: 'A81001', gpOdsCode: 'B82002' }), policy);
    expect(ended(decision)).toEqual(['GP_PRACTICE A81001 SUPERSEDED_BY_CHANGE']);
    expect(decision.ends[0].endedAt).toEqual(at(1));
    expect(started(decision)).toEqual(['GP_PRACTICE B82002']);
    expect(decision.patient.registeredGpOdsCode).toBe('B82002');
  });

  it('a GP change to the same practice changes nothing', () => {
    const decision = decideOnEvent(registered, [relationship('GP_PRACTICE', 'A81001')], event(IdentityEventType.PatientGpRegistrationChanged, { gpOdsCode: 'A81001' }), policy);
    expect([...decision.starts, ...decision.ends]).toEqual([]);
  });

  it('a pharmacy nomination changes, and its removal ends the pharmacy', () => {
    const old = relationship('NOMINATED_PHARMACY', 'FA123');
    const changed = decideOnEvent(registered, [old], event(IdentityEventType.PatientNominatedPharmacyChanged, { pharmacyOdsCode: 'FB456' }), policy);
    expect(ended(changed)).toEqual(['NOMINATED_PHARMACY FA123 SUPERSEDED_BY_CHANGE']);
    expect(started(changed)).toEqual(['NOMINATED_PHARMACY FB456']);
    const removed = decideOnEvent(registered, [old], event(IdentityEventType.PatientNominatedPharmacyChanged, { pharmacyOdsCode: null }), policy);
    expect(ended(removed)).toEqual(['NOMINATED_PHARMACY FA123 SUPERSEDED_BY_CHANGE']);
    expect(removed.starts).toEqual([]);
  });

  it('a sensitivity change sets the flag and changes no relationship', () => {
    const decision = decideOnEvent(registered, [relationship('GP_PRACTICE', 'A81001')], event(IdentityEventType.PatientSensitivityChanged, { sensitive: true }), policy);
    expect(decision.patient.sensitive).toBe(true);
    expect([...decision.starts, ...decision.ends]).toEqual([]);
  });

  it('a death ends every open relationship, follows too; the dead gain no new ones', () => {
    const open = [relationship('GP_PRACTICE', 'A81001'), relationship('FOLLOW', 'AMB01', { endsAt: at(10) }), relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' })];
    const decision = decideOnEvent(registered, open, event(IdentityEventType.PatientDeceased, { dateOfDeath: 20_000, correction: false }), policy);
    expect(ended(decision)).toEqual(['GP_PRACTICE A81001 PATIENT_DECEASED', 'FOLLOW AMB01 PATIENT_DECEASED', 'ENCOUNTER RX9 PATIENT_DECEASED']);
    expect(decision.patient.deceased).toBe(true);
    const after = decideOnEvent(decision.patient, [], event(ResultsEventType.ResultReported, { reportId: 'r9', requestingOdsCode: 'RX9' }), policy);
    expect(after.starts).toEqual([]);
  });

  it('a corrected date of death changes nothing more', () => {
    const decision = decideOnEvent({ ...registered, deceased: true }, [], event(IdentityEventType.PatientDeceased, { dateOfDeath: 20_001, correction: true }), policy);
    expect(decision).toEqual({ patient: { ...registered, deceased: true }, starts: [], ends: [], reschedules: [] });
  });
});

describe('encounters', () => {
  it('start relates the organisation with no end, until the encounter ends plus the window', () => {
    const start = decideOnEvent(registered, [], event(RecordsEventType.EncounterStarted, { encounterId: 'e1', odsCode: 'RX9' }), policy);
    expect(start.starts).toEqual([expect.objectContaining({ kind: 'ENCOUNTER', odsCode: 'RX9', sourceId: 'e1', endsAt: null })]);
    const open = relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' });
    const end = decideOnEvent(registered, [open], event(RecordsEventType.EncounterEnded, { encounterId: 'e1', odsCode: 'RX9' }, at(5)), policy);
    expect(end.reschedules).toEqual([{ relationship: open, endsAt: at(5 + 72) }]);
    expect([...end.starts, ...end.ends]).toEqual([]);
  });

  it('the end of an encounter the router never saw start relates its organisation for the window', () => {
    const decision = decideOnEvent(registered, [], event(RecordsEventType.EncounterEnded, { encounterId: 'e2', odsCode: 'RX9' }, at(5)), policy);
    expect(decision.starts).toEqual([expect.objectContaining({ kind: 'ENCOUNTER', odsCode: 'RX9', sourceId: 'e2', startedAt: at(5), endsAt: at(77) })]);
  });

  it('a redelivered start changes nothing', () => {
    const decision = decideOnEvent(registered, [relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' })], event(RecordsEventType.EncounterStarted, { encounterId: 'e1', odsCode: 'RX9' }), policy);
    expect([...decision.starts, ...decision.ends]).toEqual([]);
  });

  it('an encounter related for its window is active until the window ends, not after', () => {
    const closing = relationship('ENCOUNTER', 'RX9', { sourceId: 'e1', endsAt: at(77) });
    expect(isActiveAt(closing, at(76))).toBe(true);
    expect(isActiveAt(closing, at(77))).toBe(false);
    expect(isActiveAt(closing, at(-1))).toBe(false);
  });
});

describe('appointments', () => {
  const booked = () => relationship('APPOINTMENT', 'RX9', { sourceId: 'a1' });

  it('a booking relates the care setting that holds it', () => {
    const decision = decideOnEvent(registered, [], event(AppointmentsEventType.AppointmentBooked, { appointmentId: 'a1', odsCode: 'RX9' }), policy);
    expect(decision.starts).toEqual([expect.objectContaining({ kind: 'APPOINTMENT', odsCode: 'RX9', sourceId: 'a1', endsAt: null })]);
  });

  it.each([AppointmentsEventType.AppointmentAttended, AppointmentsEventType.AppointmentMissed, AppointmentsEventType.AppointmentCancelled])(
    '%s (no ODS code) schedules the booking\'s end after the window',
    (type) => {
      const open = booked();
      const decision = decideOnEvent(registered, [open], event(type, { appointmentId: 'a1' }, at(3)), policy);
      expect(decision.reschedules).toEqual([{ relationship: open, endsAt: at(75) }]);
    },
  );

  it('an attendance of an appointment the router never saw booked relates nobody', () => {
    const decision = decideOnEvent(registered, [booked()], event(AppointmentsEventType.AppointmentAttended, { appointmentId: 'a2' }), policy);
    expect(decision).toMatchObject({ starts: [], ends: [], reschedules: [] });
  });

  it('a reschedule to another setting moves the relationship; within the same setting it changes nothing', () => {
    const open = booked();
    const moved = decideOnEvent(registered, [open], event(AppointmentsEventType.AppointmentRescheduled, { appointmentId: 'a1', odsCode: 'RYJ' }), policy);
    expect(ended(moved)).toEqual(['APPOINTMENT RX9 SUPERSEDED_BY_CHANGE']);
    expect(started(moved)).toEqual(['APPOINTMENT RYJ']);
    const same = decideOnEvent(registered, [open], event(AppointmentsEventType.AppointmentRescheduled, { appointmentId: 'a1', odsCode: 'RX9' }), policy);
    expect([...same.starts, ...same.ends]).toEqual([]);
  });
});

describe('results', () => {
  it('a report relates the requesting organisation for the window', () => {
    const decision = decideOnEvent(registered, [], event(ResultsEventType.ResultReported, { reportId: 'r1', requestingOdsCode: 'A81001', performingLabOdsCode: 'RX9LAB' }), policy);
    expect(decision.starts).toEqual([expect.objectContaining({ kind: 'RESULT', odsCode: 'A81001', sourceId: 'r1', startedAt: at(1), endsAt: at(73) })]);
  });

  it('an amendment within the window extends it', () => {
    const open = relationship('RESULT', 'A81001', { sourceId: 'r1', endsAt: at(73) });
    const decision = decideOnEvent(registered, [open], event(ResultsEventType.ResultAmended, { reportId: 'r1' }, at(10)), policy);
    expect(decision.reschedules).toEqual([{ relationship: open, endsAt: at(82) }]);
  });

  it('an amendment after the window relates the requester of the report again', () => {
    const old = relationship('RESULT', 'A81001', { sourceId: 'r1', endsAt: at(73), endedAt: at(73), endReason: 'WINDOW_ELAPSED' });
    const decision = decideOnEvent(registered, [old], event(ResultsEventType.ResultReleasedToPatient, { reportId: 'r1' }, at(200)), policy);
    expect(decision.starts).toEqual([expect.objectContaining({ kind: 'RESULT', odsCode: 'A81001', sourceId: 'r1', startedAt: at(200), endsAt: at(272) })]);
  });

  it('an amendment of a report the router never saw relates nobody', () => {
    const decision = decideOnEvent(registered, [], event(ResultsEventType.ResultAmended, { reportId: 'r7' }), policy);
    expect(decision.starts).toEqual([]);
  });
});

describe('events that change no relationship', () => {
  it.each(['care.events.medications.MedicationPrescribed', RecordsEventType.AllergyRecorded, IdentityEventType.PatientDemographicsUpdated])('%s', (type) => {
    const open = [relationship('GP_PRACTICE', 'A81001')];
    expect(decideOnEvent(registered, open, event(type, {}), policy)).toEqual({ patient: registered, starts: [], ends: [], reschedules: [] });
  });
});

describe('source of an event', () => {
  it('names the encounter, appointment or report, and nothing for other events', () => {
    expect(eventSource({ type: RecordsEventType.EncounterEnded, value: { encounterId: 'e1' } })).toEqual({ kind: 'ENCOUNTER', sourceId: 'e1' });
    expect(eventSource({ type: AppointmentsEventType.AppointmentMissed, value: { appointmentId: 'a1' } })).toEqual({ kind: 'APPOINTMENT', sourceId: 'a1' });
    expect(eventSource({ type: ResultsEventType.ResultAmended, value: { reportId: 'r1' } })).toEqual({ kind: 'RESULT', sourceId: 'r1' });
    expect(eventSource({ type: IdentityEventType.PatientRegistered, value: {} })).toBeNull();
  });
});

describe('relationships after a decision', () => {
  it('applies ends and new scheduled ends, and adds what started', () => {
    const gp = relationship('GP_PRACTICE', 'A81001');
    const encounter = relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' });
    const next = relationship('GP_PRACTICE', 'B82002', { startedAt: at(1) });
    const after = relationshipsAfter([gp, encounter], { ends: [{ relationship: gp, endedAt: at(1), why: 'SUPERSEDED_BY_CHANGE', endedBy: null }], reschedules: [{ relationship: encounter, endsAt: at(9) }] }, [next]);
    expect(after).toEqual([{ ...gp, endedAt: at(1), endReason: 'SUPERSEDED_BY_CHANGE' }, { ...encounter, endsAt: at(9) }, next]);
    expect(settingLinksAt(after, at(2))).toEqual([{ odsCode: 'B82002', kind: 'GP_PRACTICE' }, { odsCode: 'RX9', kind: 'ENCOUNTER' }]);
  });
});

describe('merges', () => {
  const survivor: CarePatient = { ...unknownPatient(SURVIVOR), registered: true, registeredGpOdsCode: 'B82002' };
  const own = (kind: RelationshipKind, odsCode: string, fields: Partial<CareRelationship> = {}) => relationship(kind, odsCode, { patientId: SURVIVOR, ...fields });

  it('every merge event names the pair', () => {
    for (const type of [IdentityEventType.PatientRecordsMerged, RecordsEventType.ClinicalRecordsMerged, AppointmentsEventType.AppointmentsMerged, ResultsEventType.ResultsMerged]) {
      expect(mergeOf({ type, value: { supersededPatientId: P, survivingPatientId: SURVIVOR } })).toEqual({ supersededPatientId: P, survivingPatientId: SURVIVOR });
    }
    expect(mergeOf({ type: IdentityEventType.PatientRegistered, value: {} })).toBeNull();
  });

  it('moves open relationships to the survivor, keeping the survivor\'s own GP practice', () => {
    const follow = relationship('FOLLOW', 'AMB01', { sourceId: 'f1', endsAt: at(20), reason: 'incident', createdBy: { type: 'PRACTITIONER', id: 'p1', odsCode: 'AMB01' } });
    const moved = [relationship('GP_PRACTICE', 'A81001'), relationship('APPOINTMENT', 'RX9', { sourceId: 'a1' }), follow];
    const decision = decideMerge(registered, moved, survivor, [own('GP_PRACTICE', 'B82002')], at(2));
    expect(ended(decision)).toEqual(['GP_PRACTICE A81001 PATIENTS_MERGED', 'APPOINTMENT RX9 PATIENTS_MERGED', 'FOLLOW AMB01 PATIENTS_MERGED']);
    expect(decision.starts).toEqual([
      expect.objectContaining({ patientId: SURVIVOR, kind: 'APPOINTMENT', odsCode: 'RX9', sourceId: 'a1', startedAt: at(2), endsAt: null }),
      expect.objectContaining({ patientId: SURVIVOR, kind: 'FOLLOW', odsCode: 'AMB01', sourceId: 'f1', endsAt: at(20), reason: 'incident', createdBy: follow.createdBy }),
    ]);
    expect(decision.superseded.survivingPatientId).toBe(SURVIVOR);
  });

  it('does not duplicate what the survivor already has, nor move what has elapsed', () => {
    const decision = decideMerge(
      registered,
      [relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' }), relationship('RESULT', 'A81001', { sourceId: 'r1', endsAt: at(1) })],
      survivor,
      [own('ENCOUNTER', 'RX9', { sourceId: 'e1' })],
      at(2),
    );
    expect(ended(decision)).toEqual(['ENCOUNTER RX9 PATIENTS_MERGED']);
    expect(decision.starts).toEqual([]);
  });

  it('a survivor not yet registered takes the GP practice; a dead one takes nothing', () => {
    const gp = relationship('GP_PRACTICE', 'A81001');
    expect(started(decideMerge(registered, [gp], unknownPatient(SURVIVOR), [], at(2)))).toEqual(['GP_PRACTICE A81001']);
    const toDead = decideMerge(registered, [gp], { ...survivor, deceased: true }, [], at(2));
    expect(ended(toDead)).toEqual(['GP_PRACTICE A81001 PATIENTS_MERGED']);
    expect(toDead.starts).toEqual([]);
  });

  it('the survivor stays restricted when either record was sensitive', () => {
    const decision = decideMerge({ ...registered, sensitive: true }, [], survivor, [], at(2));
    expect(decision.survivor.sensitive).toBe(true);
  });

  it('a record merged before is not merged again', () => {
    const already = { ...registered, survivingPatientId: SURVIVOR };
    expect(decideMerge(already, [relationship('GP_PRACTICE', 'A81001')], survivor, [], at(2))).toEqual({ superseded: already, survivor, starts: [], ends: [] });
  });

  it('an end never precedes the start of what it ends', () => {
    const later = relationship('ENCOUNTER', 'RX9', { sourceId: 'e1', startedAt: at(5) });
    expect(decideMerge(registered, [later], survivor, [], at(2)).ends[0].endedAt).toEqual(at(5));
  });
});

describe('follows', () => {
  const actor = { type: 'PRACTITIONER', id: 'P123', odsCode: 'AMB01' };
  const request = (until: Date): FollowRequest => ({ followId: 'f1', odsCode: 'AMB01', reason: 'incident 42', until, actor });

  it('a follow starts now and ends by itself at until', () => {
    expect(decideFollow(P, registered, [], request(at(3)), T0)).toEqual({
      id: 'f1', patientId: P, odsCode: 'AMB01', kind: 'FOLLOW', sourceId: 'f1', startedAt: T0, endsAt: at(3), reason: 'incident 42', createdBy: actor,
    });
  });

  it.each([
    ['in the past', at(-1)],
    ['now', T0],
    ['beyond 72 hours', new Date(at(72).getTime() + 1)],
  ])('refuses until %s, naming until', (_, until) => {
    expect(() => decideFollow(P, registered, [], request(until), T0)).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.InvalidFollow, message: expect.stringMatching(/^until: /) }));
  });

  it('accepts until exactly 72 hours ahead', () => {
    expect(decideFollow(P, registered, [], request(at(72)), T0).endsAt).toEqual(at(72));
  });

  it.each<[string, CarePatient | null, CareRelationshipErrorCode]>([
    ['unknown', null, CareRelationshipErrorCode.PatientUnknown],
    ['not yet registered', unknownPatient(P), CareRelationshipErrorCode.PatientUnknown],
    ['merged away', { ...registered, survivingPatientId: SURVIVOR }, CareRelationshipErrorCode.PatientSuperseded],
    ['deceased', { ...registered, deceased: true }, CareRelationshipErrorCode.PatientDeceased],
  ])('refuses a patient %s', (_, patient, code) => {
    expect(() => decideFollow(P, patient, [], request(at(3)), T0)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a second follow by the same setting while the first lasts, not after it expired', () => {
    const first = relationship('FOLLOW', 'AMB01', { sourceId: 'f0', endsAt: at(2) });
    expect(() => decideFollow(P, registered, [first], request(at(3)), at(1))).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.FollowAlreadyActive, details: { relationshipId: first.id } }));
    expect(decideFollow(P, registered, [first], request(at(4)), at(2)).endsAt).toEqual(at(4));
    expect(decideFollow(P, registered, [first], { ...request(at(3)), odsCode: 'AMB02' }, at(1)).odsCode).toBe('AMB02');
  });

  it('ending a follow early records who ended it', () => {
    const follow = relationship('FOLLOW', 'AMB01', { sourceId: 'f1', endsAt: at(3) });
    expect(decideEndFollow(follow, 'f1', actor, at(1))).toEqual({ relationship: follow, endedAt: at(1), why: 'FOLLOW_ENDED', endedBy: actor });
  });

  it('ending a follow that does not exist, is no follow, or has ended is refused', () => {
    expect(() => decideEndFollow(null, 'f9', actor, T0)).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.FollowNotFound }));
    expect(() => decideEndFollow(relationship('GP_PRACTICE', 'A81001'), 'x', actor, T0)).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.FollowNotFound }));
    const expired = relationship('FOLLOW', 'AMB01', { endsAt: at(1) });
    expect(() => decideEndFollow(expired, 'f1', actor, at(1))).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.FollowAlreadyEnded }));
    const ended = relationship('FOLLOW', 'AMB01', { endsAt: at(3), endedAt: at(1), endReason: 'FOLLOW_ENDED' });
    expect(() => decideEndFollow(ended, 'f1', actor, at(2))).toThrow(expect.objectContaining({ code: CareRelationshipErrorCode.FollowAlreadyEnded }));
  });
});

describe('expiry', () => {
  it('a follow expires, a window elapses, at the scheduled end however late the sweep', () => {
    expect(decideExpiry(relationship('FOLLOW', 'AMB01', { endsAt: at(3) }), at(3))).toMatchObject({ endedAt: at(3), why: 'FOLLOW_EXPIRED' });
    expect(decideExpiry(relationship('ENCOUNTER', 'RX9', { endsAt: at(75) }), at(80))).toMatchObject({ endedAt: at(75), why: 'WINDOW_ELAPSED' });
  });

  it('nothing to expire before the scheduled end, without one, or once ended', () => {
    expect(decideExpiry(relationship('FOLLOW', 'AMB01', { endsAt: at(3) }), at(2))).toBeNull();
    expect(decideExpiry(relationship('GP_PRACTICE', 'A81001'), at(100))).toBeNull();
    expect(decideExpiry(relationship('FOLLOW', 'AMB01', { endsAt: at(3), endedAt: at(1) }), at(4))).toBeNull();
  });
});

describe('settings related at a time', () => {
  it('lists each active (setting, kind) once, leaving out ended and not yet started ones', () => {
    const links = settingLinksAt(
      [
        relationship('GP_PRACTICE', 'A81001'),
        relationship('ENCOUNTER', 'RX9', { sourceId: 'e1' }),
        relationship('ENCOUNTER', 'RX9', { sourceId: 'e2' }),
        relationship('NOMINATED_PHARMACY', 'FA123', { endedAt: at(1) }),
        relationship('FOLLOW', 'AMB01', { startedAt: at(5), endsAt: at(8) }),
      ],
      at(2),
    );
    expect(links).toEqual([
      { odsCode: 'A81001', kind: 'GP_PRACTICE' },
      { odsCode: 'RX9', kind: 'ENCOUNTER' },
    ]);
  });

  it('routing is restricted for a sensitive patient and for one identity has not registered yet', () => {
    expect(restrictsRouting(registered)).toBe(false);
    expect(restrictsRouting({ ...registered, sensitive: true })).toBe(true);
    expect(restrictsRouting(unknownPatient(P))).toBe(true);
  });
});
