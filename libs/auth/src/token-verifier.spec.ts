import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type AuthSettings } from './auth-settings';
import { type DevIssuer, startDevIssuer } from './dev-issuer/dev-issuer';
import { type DevTokens, devTokens } from './dev-issuer/dev-tokens';
import { IssuerUnavailableError, TokenError, TokenVerifier } from './token-verifier';

describe('TokenVerifier against a running development issuer', () => {
  let issuer: DevIssuer;
  let tokens: DevTokens;
  let verifier: TokenVerifier;
  let settings: AuthSettings;

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
    tokens = devTokens(issuer.url);
    settings = { issuer: issuer.url, audience: 'care-events', clockToleranceSeconds: 30 };
    verifier = TokenVerifier.fromSettings(settings);
  });

  afterAll(() => issuer.close());

  const refusal = (token: string, by = verifier) => by.verify(token).then(() => 'accepted', (error: unknown) => error);

  it('accepts the issuer’s tokens, finding its keys by OIDC discovery, and reads the caller', async () => {
    await expect(verifier.verify(await tokens.staff({ userId: 'G8123456', odsCode: 'A81001', role: 'clinician', name: 'Dr Jane Smith' }))).resolves.toEqual({
      kind: 'staff', userId: 'G8123456', odsCode: 'A81001', role: 'clinician', roleCode: 'R8000', name: 'Dr Jane Smith',
    });
    await expect(verifier.verify(await tokens.patient({ nhsNumber: '9990000018', proofingLevel: 'P5' }))).resolves.toMatchObject({
      kind: 'patient', nhsNumber: '9990000018', proofingLevel: 'P5',
    });
    await expect(verifier.verify(await tokens.system({ clientId: 'lab-system', scopes: ['patient-data:write'], odsCode: 'RX1' }))).resolves.toEqual({
      kind: 'system', clientId: 'lab-system', odsCode: 'RX1', scopes: ['patient-data:write'],
    });
  });

  it('accepts them with a JWKS URL given instead of discovery', async () => {
    const byJwks = TokenVerifier.fromSettings({ ...settings, jwksUrl: `${issuer.url}/jwks.json` });
    await expect(byJwks.verify(await tokens.system({ clientId: 'lab-system', scopes: 'patient-data:read' }))).resolves.toMatchObject({ clientId: 'lab-system' });
  });

  it('refuses an expired token, beyond the clock tolerance only', async () => {
    const expired = await refusal(await tokens.mint({ kind: 'patient', nhsNumber: '9990000018', expiresInSeconds: -60 }));
    expect(expired).toEqual(new TokenError('the token has expired'));
    await expect(verifier.verify(await tokens.mint({ kind: 'patient', nhsNumber: '9990000018', expiresInSeconds: -10 }))).resolves.toMatchObject({ kind: 'patient' });
  });

  it('accepts a token verified before until it expires, by the verifier\'s clock, and refuses it after', async () => {
    let now = Date.now();
    const clocked = TokenVerifier.fromSettings(settings, () => now);
    const token = await tokens.mint({ kind: 'patient', nhsNumber: '9990000018', expiresInSeconds: 60 });
    await expect(clocked.verify(token)).resolves.toMatchObject({ kind: 'patient' });
    now += 85_000;
    await expect(clocked.verify(token)).resolves.toMatchObject({ kind: 'patient' });
    now += 10_000;
    expect(await refusal(token, clocked)).toEqual(new TokenError('the token has expired'));
  });

  it('verifies afresh a token that differs from one verified before in its signature alone', async () => {
    const genuine = await tokens.mint({ kind: 'patient', nhsNumber: '9990000018' });
    await verifier.verify(genuine);
    const [header, payload, signature] = genuine.split('.');
    const altered = `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await refusal(altered)).toEqual(new TokenError('the token is not signed by the issuer'));
  });

  it('refuses a token signed with another key, even one claiming the issuer’s key id', async () => {
    const genuine = await tokens.mint({ kind: 'system', clientId: 'lab-system', scopes: 'patient-data:write' });
    const { kid } = JSON.parse(Buffer.from(genuine.split('.')[0], 'base64url').toString()) as { kid: string };
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ client_id: 'lab-system', scope: 'patient-data:write' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer.url)
      .setAudience('care-events')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await refusal(forged)).toEqual(new TokenError('the token is not signed by the issuer'));
    // the forger's own kid is no key of the issuer either
    const unknownKid = await new SignJWT({ client_id: 'lab-system' }).setProtectedHeader({ alg: 'RS256', kid: 'forger' })
      .setIssuer(issuer.url).setAudience('care-events').setExpirationTime('5m').sign(privateKey);
    expect(await refusal(unknownKid)).toEqual(new TokenError('the token is not signed by the issuer'));
  });

  it('refuses a token for another audience', async () => {
    const token = await tokens.mint({ kind: 'system', clientId: 'lab-system', scopes: 'patient-data:write', audience: 'another-api' });
    expect(await refusal(token)).toEqual(new TokenError('the token is for another audience (this service is care-events)'));
  });

  it('refuses a token of another issuer, even when its signature checks out', async () => {
    const expectingAnother = TokenVerifier.fromSettings({ ...settings, issuer: 'https://auth.login.nhs.uk', jwksUrl: `${issuer.url}/jwks.json` });
    const token = await tokens.mint({ kind: 'patient', nhsNumber: '9990000018' });
    expect(await refusal(token, expectingAnother)).toEqual(new TokenError('the token is from another issuer (this service trusts https://auth.login.nhs.uk)'));
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${segment({ alg: 'none', typ: 'JWT' })}.${segment({
      iss: issuer.url, aud: 'care-events', exp: now + 300, iat: now, client_id: 'lab-system', scope: 'patient-data:read patient-data:write',
    })}.`;
    expect(await refusal(unsigned)).toEqual(new TokenError('the token is not signed (alg "none")'));
  });

  it('refuses an HS256 token, even one keyed with the issuer’s public key', async () => {
    // The classic confusion attack: the public key, known to all, used as an HMAC secret.
    const [jwk] = ((await (await fetch(`${issuer.url}/jwks.json`)).json()) as { keys: object[] }).keys;
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const token = await new SignJWT({ client_id: 'lab-system', scope: 'patient-data:write' })
      .setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer.url).setAudience('care-events').setExpirationTime('5m').sign(secret);
    expect(await refusal(token)).toEqual(new TokenError('the token is signed with HS256; only RS256, RS512, PS256, ES256 are accepted'));
  });

  it('accepts an NHS login ID token, signed RS512 as NHS login signs them', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS512');
    const keys = new KeyServer({ ...(await exportJWK(publicKey)), kid: 'nhs-login-1', alg: 'RS512', use: 'sig' });
    await keys.start();
    try {
      const nhsLogin = TokenVerifier.fromSettings({ ...settings, issuer: 'https://auth.login.nhs.uk', jwksUrl: keys.url });
      const idToken = await new SignJWT({ nhs_number: '9990000018', identity_proofing_level: 'P9', vot: 'P9.Cp.Cd' })
        .setProtectedHeader({ alg: 'RS512', kid: 'nhs-login-1' }).setIssuer('https://auth.login.nhs.uk').setAudience('care-events')
        .setSubject('49f470a1-cc52-49b7-beba-0f9cec937c46').setExpirationTime('5m').sign(privateKey);
      await expect(nhsLogin.verify(idToken)).resolves.toMatchObject({ kind: 'patient', nhsNumber: '9990000018', proofingLevel: 'P9' });
    } finally {
      await keys.stop();
    }
  });

  it('refuses a token that is no JWT, and a verified token that names no caller', async () => {
    expect(await refusal('not-a-token')).toEqual(new TokenError('the token is malformed: it is not a compact JWS (header.payload.signature)'));
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const keys = new KeyServer(await exportJWK(publicKey));
    await keys.start();
    try {
      const own = TokenVerifier.fromSettings({ ...settings, issuer: 'https://issuer.example', jwksUrl: keys.url });
      const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://issuer.example').setAudience('care-events').setSubject('someone').setExpirationTime('5m').sign(privateKey);
      expect(await refusal(await sign({}), own)).toEqual(
        new TokenError('the token names no caller: it has none of nhs_number, nhsid_nrbac_roles, client_id or azp'),
      );
      await expect(own.verify(await sign({ client_id: 'gp-system' }))).resolves.toMatchObject({ kind: 'system', clientId: 'gp-system' });
      const noExpiry = await new SignJWT({ client_id: 'gp-system' }).setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://issuer.example').setAudience('care-events').sign(privateKey);
      expect(await refusal(noExpiry, own)).toEqual(new TokenError('the token\'s exp claim is not acceptable: missing required "exp" claim'));
    } finally {
      await keys.stop();
    }
  });

  it('tells an unreachable issuer apart from a bad token, and finds it once it answers', async () => {
    const later = await startDevIssuer({ port: 0 });
    const url = later.url;
    await later.close();
    const waiting = TokenVerifier.fromSettings({ ...settings, issuer: url });
    const token = await tokens.mint({ kind: 'patient', nhsNumber: '9990000018' });
    const unavailable = await refusal(token, waiting);
    expect(unavailable).toBeInstanceOf(IssuerUnavailableError);
    expect((unavailable as Error).message).toContain(`${url}/.well-known/openid-configuration could not be read`);

    const back = await startDevIssuer({ port: Number(new URL(url).port) });
    try {
      const fresh = await devTokens(back.url).mint({ kind: 'patient', nhsNumber: '9990000018' });
      await expect(waiting.verify(fresh)).resolves.toMatchObject({ kind: 'patient' });
    } finally {
      await back.close();
    }
  });
});

/** A JWKS endpoint for a key the test made itself. */
class KeyServer {
  private server?: import('node:http').Server;
  url = '';
  constructor(private readonly jwk: object) {}

  async start(): Promise<void> {
    const { createServer } = await import('node:http');
    this.server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [this.jwk] })));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as import('node:net').AddressInfo;
    this.url = `http://127.0.0.1:${address.port}/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}
