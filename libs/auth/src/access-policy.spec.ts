import { type Access, type AccessDecision, canActivateSubscriptions, decideAccess } from './access-policy';
import type { PatientPrincipal, Principal, ProofingLevel, StaffRole, SystemPrincipal } from './principal';
import { STAFF_ROLES } from './staff-roles';

const PATIENT = { patientId: '0b7f5d53-5f07-4b8c-9a4e-6b4a3c1f2d10', nhsNumber: '9990000018' };
const REASON = 'unconscious in the ambulance, allergies unknown';

const staff = (role: StaffRole): Principal => ({ kind: 'staff', userId: 'G8123456', odsCode: 'RX1', role, roleCode: 'R8000', name: null });
const patient = (nhsNumber: string, proofingLevel: ProofingLevel): PatientPrincipal => ({ kind: 'patient', subject: 'nhs-login-subject', nhsNumber, proofingLevel });
const system = (scopes: string[]): SystemPrincipal => ({ kind: 'system', clientId: 'lab-system', odsCode: 'RX1', scopes });

type Expected = 'DIRECT_CARE' | 'BREAK_GLASS' | 'PATIENT_ACCESS' | 'SYSTEM' | RegExp;

/** The decision in one cell: purpose with its flags, or the 403 reason. */
function outcome(decision: AccessDecision): { purpose: string; breakGlass: boolean; releasedResultsOnly: boolean } | string {
  return decision.allowed
    ? { purpose: decision.purpose, breakGlass: decision.breakGlass, releasedResultsOnly: decision.releasedResultsOnly }
    : `${decision.status} ${decision.reason}`;
}

function expected(cell: Expected): ReturnType<typeof outcome> | ReturnType<typeof expect.stringMatching> {
  if (cell instanceof RegExp) return expect.stringMatching(new RegExp(`^403 ${cell.source}`));
  return { purpose: cell, breakGlass: cell === 'BREAK_GLASS', releasedResultsOnly: cell === 'PATIENT_ACCESS' };
}

const NO_RELATIONSHIP = /no active care relationship between RX1 and this patient; give X-Break-Glass-Reason to read in an emergency/;

describe('decideAccess: staff (every role alike)', () => {
  // relationship | break-glass reason | access | outcome
  const table: Array<[boolean, string | null, Access, Expected]> = [
    [true, null, 'read', 'DIRECT_CARE'],
    [true, REASON, 'read', 'DIRECT_CARE'], // no glass to break: the relationship already allows it
    [true, '   ', 'read', 'DIRECT_CARE'],
    [false, null, 'read', NO_RELATIONSHIP],
    [false, '   ', 'read', NO_RELATIONSHIP], // a blank reason is no reason
    [false, REASON, 'read', 'BREAK_GLASS'],
    [true, null, 'write', 'DIRECT_CARE'],
    [true, REASON, 'write', 'DIRECT_CARE'],
    [true, '   ', 'write', 'DIRECT_CARE'],
    [false, null, 'write', 'DIRECT_CARE'], // recording care is never held up
    [false, '   ', 'write', 'DIRECT_CARE'],
    [false, REASON, 'write', 'DIRECT_CARE'],
  ];
  const rows = STAFF_ROLES.flatMap((role) => table.map((row) => [role, ...row] as const));

  it.each(rows)('%s, relationship %s, break-glass %j, %s → %p', (role, hasCareRelationship, breakGlassReason, access, cell) => {
    expect(outcome(decideAccess({ principal: staff(role), access, patient: PATIENT, hasCareRelationship, breakGlassReason }))).toEqual(expected(cell));
  });
});

describe('decideAccess: patients (released results only)', () => {
  const OWN = PATIENT.nhsNumber;
  const OTHER = '9990000026';
  const P9_NEEDED = /identity proofing level P9 is needed to see or change clinical data; this login is proofed to P[05]/;
  // their NHS number | the record's NHS number | proofing | access | outcome
  const table: Array<[string, string | null, ProofingLevel, Access, Expected]> = [
    [OWN, OWN, 'P9', 'read', 'PATIENT_ACCESS'],
    [OWN, OWN, 'P5', 'read', P9_NEEDED],
    [OWN, OWN, 'P0', 'read', P9_NEEDED],
    [OWN, OWN, 'P9', 'write', 'PATIENT_ACCESS'], // which writes a patient may make, each service decides (appointments)
    [OWN, OWN, 'P5', 'write', P9_NEEDED],
    [OWN, OWN, 'P0', 'write', P9_NEEDED],
    [OTHER, OWN, 'P9', 'read', /a patient may read only their own record/],
    [OTHER, OWN, 'P5', 'read', /a patient may read only their own record/],
    [OTHER, OWN, 'P0', 'read', /a patient may read only their own record/],
    [OTHER, OWN, 'P9', 'write', /a patient may change only their own record/],
    [OTHER, OWN, 'P5', 'write', /a patient may change only their own record/],
    [OTHER, OWN, 'P0', 'write', /a patient may change only their own record/],
    [OWN, null, 'P9', 'read', /this service does not know the NHS number of this patient/],
    [OWN, null, 'P9', 'write', /this service does not know the NHS number of this patient/],
  ];

  it.each(table)('NHS number %s reading the record of %s at %s, %s → %p', (nhsNumber, recordNhsNumber, level, access, cell) => {
    for (const hasCareRelationship of [true, false]) {
      for (const breakGlassReason of [null, REASON]) {
        const decision = decideAccess({
          principal: patient(nhsNumber, level), access, patient: { ...PATIENT, nhsNumber: recordNhsNumber }, hasCareRelationship, breakGlassReason,
        });
        expect(outcome(decision)).toEqual(expected(cell));
      }
    }
  });
});

describe('decideAccess: systems (by scope)', () => {
  // scopes | access | outcome
  const table: Array<[string[], Access, Expected]> = [
    [['patient-data:read'], 'read', 'SYSTEM'],
    [['patient-data:write'], 'read', /the client lab-system has no patient-data:read scope/],
    [['patient-data:read', 'patient-data:write'], 'read', 'SYSTEM'],
    [[], 'read', /the client lab-system has no patient-data:read scope/],
    [['patient-data:write'], 'write', 'SYSTEM'],
    [['patient-data:read'], 'write', /the client lab-system has no patient-data:write scope/],
    [['patient-data:read', 'patient-data:write'], 'write', 'SYSTEM'],
    [[], 'write', /the client lab-system has no patient-data:write scope/],
  ];

  it.each(table)('scopes %j, %s → %p (relationship and break-glass change nothing)', (scopes, access, cell) => {
    for (const hasCareRelationship of [true, false]) {
      for (const breakGlassReason of [null, REASON]) {
        expect(outcome(decideAccess({ principal: system(scopes), access, patient: PATIENT, hasCareRelationship, breakGlassReason }))).toEqual(expected(cell));
      }
    }
  });
});

describe('canActivateSubscriptions', () => {
  it.each([
    ['an administrator', staff('administrator'), true],
    ['a clinician', staff('clinician'), false],
    ['a nurse', staff('nurse'), false],
    ['a paramedic', staff('paramedic'), false],
    ['a pharmacist', staff('pharmacist'), false],
    ['a P9 patient', patient(PATIENT.nhsNumber, 'P9'), false],
    ['a system with every scope', system(['patient-data:read', 'patient-data:write']), false],
  ])('%s → %s', (_who, principal, allowed) => {
    expect(canActivateSubscriptions(principal)).toBe(allowed);
  });
});
