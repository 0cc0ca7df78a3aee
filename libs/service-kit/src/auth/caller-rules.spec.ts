import type { PatientPrincipal, StaffPrincipal, SystemPrincipal } from '@care-events/auth';
import { actorOf } from './actor';
import { breakGlassReasonOf } from './break-glass';
import { writeRefusal } from './write-rule';

const STAFF: StaffPrincipal = { kind: 'staff', userId: 'G8123456', odsCode: 'A81001', role: 'clinician', roleCode: 'R8000', name: 'Dr Ann Lee' };
const PATIENT: PatientPrincipal = { kind: 'patient', subject: 'nhs-login-7f3a', nhsNumber: '9990000018', proofingLevel: 'P9' };
const LAB: SystemPrincipal = { kind: 'system', clientId: 'lab-system', odsCode: 'RX100', scopes: ['patient-data:write'] };
const READER: SystemPrincipal = { kind: 'system', clientId: 'reporting', odsCode: null, scopes: ['patient-data:read'] };

describe('the actor of a change', () => {
  it.each([
    ['staff: their user id, for the organisation of their selected role', STAFF, { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' }],
    ['a patient: their NHS login subject, not their NHS number', PATIENT, { type: 'PATIENT', id: 'nhs-login-7f3a', odsCode: null }],
    ['a system: its client id and organisation', LAB, { type: 'SYSTEM', id: 'lab-system', odsCode: 'RX100' }],
    ['a system of no organisation', READER, { type: 'SYSTEM', id: 'reporting', odsCode: null }],
  ])('is %s', (_, caller, actor) => {
    expect(actorOf(caller)).toEqual(actor);
  });
});

describe('the write rule of every route', () => {
  it.each([
    ['staff', STAFF, false, null],
    ['a system with patient-data:write', LAB, false, null],
    ['a system without it', READER, false, 'the client reporting has no patient-data:write scope'],
    ['a patient, on a route that does not allow patients', PATIENT, false, 'a patient may not make this change; it is made by staff or a system'],
    ['a patient, on a route that does (the service checks the record is theirs)', PATIENT, true, null],
    ['a system without write scope, even where patients may write', READER, true, 'the client reporting has no patient-data:write scope'],
  ])('%s', (_, caller, patientMayCall, refusal) => {
    expect(writeRefusal(caller, patientMayCall)).toBe(refusal);
  });
});

describe('the break-glass reason', () => {
  it('is absent without the header, and trimmed when a member of staff gives one', () => {
    expect(breakGlassReasonOf(STAFF, undefined)).toEqual({ reason: null });
    expect(breakGlassReasonOf(STAFF, '  unconscious patient in resus  ')).toEqual({ reason: 'unconscious patient in resus' });
    expect(breakGlassReasonOf(STAFF, 'x'.repeat(500))).toEqual({ reason: 'x'.repeat(500) });
  });

  it.each([
    ['from a patient', PATIENT, 'I want to', 'X-Break-Glass-Reason: only a member of staff can break glass'],
    ['from a system', LAB, 'batch', 'X-Break-Glass-Reason: only a member of staff can break glass'],
    ['blank', STAFF, '   ', 'X-Break-Glass-Reason: must state a reason'],
    ['longer than 500 characters', STAFF, 'x'.repeat(501), 'X-Break-Glass-Reason: must be at most 500 characters'],
  ])('is refused %s, naming the header', (_, caller, header, problem) => {
    expect(breakGlassReasonOf(caller, header)).toEqual({ problem });
  });
});
