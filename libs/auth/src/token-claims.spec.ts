import { principalFromClaims, TokenClaimsError } from './token-claims';

// Shaped as NHS CIS2 ID tokens are: the user's roles at each organisation, and the one selected at sign-in.
const cis2 = {
  iss: 'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
  aud: 'care-events',
  sub: '910000000001',
  uid: '555042709105',
  nhsid_useruid: '555042709105',
  name: 'Jane Smith',
  given_name: 'Jane',
  family_name: 'Smith',
  selected_roleid: '555021935107',
  nhsid_nrbac_roles: [
    {
      person_orgid: '555021935106',
      person_roleid: '555021935106',
      org_code: 'RBA',
      role_name: '"Clinical":"Clinical Provision":"Nurse Access Role"',
      role_code: 'S8000:G8000:R8001',
      activities: ['Receive Self Claimed LR Alerts'],
      activity_codes: ['B0068'],
    },
    {
      person_orgid: '555021935106',
      person_roleid: '555021935107',
      org_code: 'A81001',
      role_name: '"Clinical":"Clinical Provision":"Clinical Practitioner Access Role"',
      role_code: 'S8000:G8000:R8000',
      activities: ['Perform Detailed Health Record'],
      activity_codes: ['B0380'],
    },
  ],
  id_assurance_level: '3',
  authentication_assurance_level: '3',
  acr: 'AAL3_ANY',
  amr: ['N3_SMARTCARD'],
};

// Shaped as NHS login ID tokens are.
const nhsLogin = {
  iss: 'https://auth.sandpit.signin.nhs.uk',
  aud: 'care-events',
  sub: '49f470a1-cc52-49b7-beba-0f9cec937c46',
  nhs_number: '9990000018',
  identity_proofing_level: 'P9',
  vot: 'P9.Cp.Cd',
  birthdate: '1968-02-12',
  family_name: 'MILLAR',
};

const clientCredentials = { iss: 'https://issuer.example', aud: 'care-events', sub: 'lab-system', client_id: 'lab-system', scope: 'patient-data:write', org_code: 'RX1' };

describe('principalFromClaims', () => {
  it('reads a CIS2 member of staff in the role selected at sign-in, at its organisation', () => {
    expect(principalFromClaims(cis2)).toEqual({
      kind: 'staff', userId: '555042709105', odsCode: 'A81001', role: 'clinician', roleCode: 'R8000', name: 'Jane Smith',
    });
  });

  it('takes sub as the user id when CIS2 gives no uid, and no name when none is given', () => {
    expect(principalFromClaims({ ...cis2, uid: undefined, name: undefined })).toMatchObject({ userId: '910000000001', name: null });
  });

  it('reads an NHS login patient with their proofing level', () => {
    expect(principalFromClaims(nhsLogin)).toEqual({
      kind: 'patient', subject: '49f470a1-cc52-49b7-beba-0f9cec937c46', nhsNumber: '9990000018', proofingLevel: 'P9',
    });
  });

  it('reads a system from client_id or azp with its scopes and optional organisation', () => {
    expect(principalFromClaims(clientCredentials)).toEqual({ kind: 'system', clientId: 'lab-system', odsCode: 'RX1', scopes: ['patient-data:write'] });
    expect(principalFromClaims({ azp: 'gp-system', scope: 'patient-data:read  patient-data:write' })).toEqual({
      kind: 'system', clientId: 'gp-system', odsCode: null, scopes: ['patient-data:read', 'patient-data:write'],
    });
    expect(principalFromClaims({ client_id: 'no-scopes' })).toMatchObject({ scopes: [] });
  });

  it.each([
    ['no caller claim at all', { sub: 'someone' }, /none of nhs_number, nhsid_nrbac_roles, client_id or azp/],
    ['a selected role that is not among the roles', { ...cis2, selected_roleid: '1' }, /selected_roleid claim \(1\) matches no person_roleid/],
    ['no selected role', { ...cis2, selected_roleid: undefined }, /selected_roleid claim is missing/],
    ['roles that are not a list', { ...cis2, nhsid_nrbac_roles: 'R8000' }, /nhsid_nrbac_roles claim must be a list/],
    ['a role without organisation', { ...cis2, nhsid_nrbac_roles: [{ ...cis2.nhsid_nrbac_roles[1], org_code: '' }] }, /nhsid_nrbac_roles\[\]\.org_code claim/],
    ['a role code giving no access', { ...cis2, nhsid_nrbac_roles: [{ ...cis2.nhsid_nrbac_roles[1], role_code: 'S8000:G8000:R8004' }] }, /role_code S8000:G8000:R8004 gives no access/],
    ['a short NHS number', { ...nhsLogin, nhs_number: '999000001' }, /nhs_number claim must be 10 digits/],
    ['an unknown proofing level', { ...nhsLogin, identity_proofing_level: 'P7' }, /identity_proofing_level claim must be one of P0, P5, P9/],
    ['a patient without sub', { ...nhsLogin, sub: undefined }, /sub claim is missing/],
    ['scopes as a list', { ...clientCredentials, scope: ['patient-data:write'] }, /scope claim must be a space-separated string/],
    ['an empty client_id', { ...clientCredentials, client_id: '' }, /client_id claim is missing or empty/],
  ])('refuses %s, naming the claim', (_case, claims, message) => {
    expect(() => principalFromClaims(claims)).toThrow(TokenClaimsError);
    expect(() => principalFromClaims(claims)).toThrow(message);
  });
});
