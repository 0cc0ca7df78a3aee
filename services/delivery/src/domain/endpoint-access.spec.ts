import type { PatientPrincipal, Principal, StaffPrincipal, SystemPrincipal } from '@care-events/auth';
import { endpointAccess, EndpointUse, organisationOf } from './endpoint-access';

const GP = 'A81001';
const clinician: StaffPrincipal = { kind: 'staff', userId: 'G8123456', odsCode: GP, role: 'clinician', roleCode: 'R8000', name: null };
const administrator: StaffPrincipal = { ...clinician, userId: 'ADM0001', role: 'administrator', roleCode: 'R8003' };
const otherClinician: StaffPrincipal = { ...clinician, odsCode: 'RX100' };
const otherAdministrator: StaffPrincipal = { ...administrator, odsCode: 'X26' };
const gpSystem: SystemPrincipal = { kind: 'system', clientId: 'gp-system', odsCode: GP, scopes: ['patient-data:read', 'patient-data:write'] };
const gpWriter: SystemPrincipal = { ...gpSystem, clientId: 'gp-writer', scopes: ['patient-data:write'] };
const otherSystem: SystemPrincipal = { ...gpSystem, clientId: 'lab', odsCode: 'RX100' };
const noOrganisation: SystemPrincipal = { kind: 'system', clientId: 'reporting', odsCode: null, scopes: ['patient-data:read', 'patient-data:write'] };
const patient: PatientPrincipal = { kind: 'patient', subject: 'nhs-login-7f3a', nhsNumber: '9990000018', proofingLevel: 'P9' };

const OK = 'allowed';
const PATIENT = 'a patient may not see or change the delivery endpoints of a care setting';
const OTHER = 'the endpoint belongs to care setting A81001; the caller acts for RX100';
const OTHER_ADMIN = 'the endpoint belongs to care setting A81001; the caller acts for X26';
const NONE = 'the caller acts for no care setting (its token names no organisation)';
const NOT_ADMIN = 'only a member of staff whose selected role is administrator may skip events of an endpoint';
const NO_READ = 'the client gp-writer has no patient-data:read scope, which reading the events of a feed needs';

const USES: EndpointUse[] = ['read', 'manage', 'read-events', 'skip'];

describe('who may do what with the endpoints of care setting A81001', () => {
  it.each<[string, Principal, string[]]>([
    ['its clinician', clinician, [OK, OK, OK, NOT_ADMIN]],
    ['its administrator', administrator, [OK, OK, OK, OK]],
    ['its system with read and write scopes', gpSystem, [OK, OK, OK, NOT_ADMIN]],
    ['its system without patient-data:read', gpWriter, [OK, OK, NO_READ, NOT_ADMIN]],
    ["another setting's clinician", otherClinician, [OTHER, OTHER, OTHER, NOT_ADMIN]],
    ["another setting's administrator", otherAdministrator, [OK, OTHER_ADMIN, OTHER_ADMIN, OK]],
    ["another setting's system", otherSystem, [OTHER, OTHER, OTHER, NOT_ADMIN]],
    ['a system of no organisation', noOrganisation, [NONE, NONE, NONE, NOT_ADMIN]],
    ['a patient', patient, [PATIENT, PATIENT, PATIENT, PATIENT]],
  ])('%s: read, manage, read-events, skip', (_, caller, expected) => {
    const decided = USES.map((use) => {
      const access = endpointAccess(caller, use, GP);
      return access.allowed ? OK : access.reason;
    });
    expect(decided).toEqual(expected);
  });

  it('registers for the organisation its token names, and none for a patient or a system of no organisation', () => {
    expect([clinician, otherSystem, noOrganisation, patient].map(organisationOf)).toEqual([GP, 'RX100', null, null]);
  });
});
