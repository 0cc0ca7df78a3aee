import { decodeJwt } from 'jose';
import { type DevIssuer, startDevIssuer } from './dev-issuer';
import { devTokens } from './dev-tokens';

describe('development issuer', () => {
  let issuer: DevIssuer;

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
  });

  afterAll(() => issuer.close());

  const post = async (body: string) => {
    const response = await fetch(`${issuer.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('publishes its discovery document and key set like an OIDC issuer', async () => {
    const discovery = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: issuer.url, jwks_uri: `${issuer.url}/jwks.json`, token_endpoint: `${issuer.url}/token` });
    const jwks = (await (await fetch(`${issuer.url}/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('mints CIS2-shaped staff tokens, NHS login-shaped patient tokens and client-credentials tokens', async () => {
    const staff = await post(JSON.stringify({ kind: 'staff', userId: 'G8123456', odsCode: 'A81001', role: 'paramedic' }));
    expect(staff).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600 } });
    const staffClaims = decodeJwt(staff.body.access_token as string);
    expect(staffClaims).toMatchObject({
      iss: issuer.url, aud: 'care-events', sub: 'G8123456', uid: 'G8123456',
      nhsid_nrbac_roles: [expect.objectContaining({ org_code: 'A81001', role_code: 'S8000:G8000:R8003', person_roleid: staffClaims.selected_roleid })],
    });

    const patient = decodeJwt((await post(JSON.stringify({ kind: 'patient', nhsNumber: '9990000018' }))).body.access_token as string);
    expect(patient).toMatchObject({ nhs_number: '9990000018', identity_proofing_level: 'P9', vot: 'P9.Cp.Cd', sub: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const again = decodeJwt((await post(JSON.stringify({ kind: 'patient', nhsNumber: '9990000018', proofingLevel: 'P5' }))).body.access_token as string);
    expect(again.sub).toBe(patient.sub);

    const system = await post(JSON.stringify({ kind: 'system', clientId: 'lab-system', scopes: ['patient-data:write'], audience: 'x', expiresInSeconds: -5 }));
    expect(decodeJwt(system.body.access_token as string)).toMatchObject({ client_id: 'lab-system', scope: 'patient-data:write', aud: 'x' });
    expect(system.body.expires_in).toBe(-5);
  });

  it.each([
    ['not JSON', '{', 'the body must be JSON'],
    ['no kind', '{}', 'kind must be one of staff, patient, system'],
    ['a staff member without organisation or known role', '{"kind":"staff","userId":"G1","role":"surgeon"}', 'odsCode must be a non-empty string; role must be one of clinician, nurse, paramedic, pharmacist, administrator'],
    ['a patient with a bad NHS number and level', '{"kind":"patient","nhsNumber":"123","proofingLevel":"P7"}', 'nhsNumber must be a 10-digit NHS number; proofingLevel must be one of P0, P5, P9'],
    ['a system with scopes of the wrong type', '{"kind":"system","clientId":"lab","scopes":5}', 'scopes must be a list of scopes or a space-separated string'],
    ['a lifetime that is not whole seconds', '{"kind":"system","clientId":"lab","scopes":"","expiresInSeconds":1.5}', 'expiresInSeconds must be a whole number of seconds'],
  ])('answers 400 naming the field for %s', async (_case, body, description) => {
    expect(await post(body)).toEqual({ status: 400, body: { error: 'invalid_request', error_description: description } });
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${issuer.url}/authorize`)).status).toBe(404);
  });
});

describe('devTokens', () => {
  it('reuses a token for the same caller and mints a new one on request', async () => {
    const issuer = await startDevIssuer({ port: 0 });
    try {
      const tokens = devTokens(issuer.url);
      const caller = { userId: 'G8123456', odsCode: 'A81001', role: 'nurse' as const };
      const first = await tokens.staff(caller);
      expect(await tokens.staff({ ...caller })).toBe(first);
      expect(await tokens.staff({ ...caller, odsCode: 'RX1' })).not.toBe(first);
      await expect(tokens.staff({ ...caller, userId: '' })).rejects.toThrow(`the development token issuer at ${issuer.url} refused: userId must be a non-empty string`);
    } finally {
      await issuer.close();
    }
  });

  it('says so when no issuer answers', async () => {
    const issuer = await startDevIssuer({ port: 0 });
    await issuer.close();
    await expect(devTokens(issuer.url).patient({ nhsNumber: '9990000018' })).rejects.toThrow(`no development token issuer answers at ${issuer.url} (ECONNREFUSED)`);
  });
});
