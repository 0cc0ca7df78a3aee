import { readAuthSettings } from './auth-settings';

describe('readAuthSettings', () => {
  it('needs only the issuer; the audience and clock skew have defaults and the JWKS comes from discovery', () => {
    expect(readAuthSettings({ AUTH_ISSUER: 'http://127.0.0.1:3090' })).toEqual({
      settings: { issuer: 'http://127.0.0.1:3090', audience: 'care-events', clockToleranceSeconds: 30 },
      problems: [],
    });
  });

  it('reads every variable', () => {
    const { settings } = readAuthSettings({
      AUTH_ISSUER: 'https://auth.login.nhs.uk',
      AUTH_AUDIENCE: 'care-events-prod',
      AUTH_JWKS_URL: 'https://auth.login.nhs.uk/.well-known/jwks.json',
      AUTH_CLOCK_SKEW_SECONDS: '5',
    });
    expect(settings).toEqual({
      issuer: 'https://auth.login.nhs.uk', audience: 'care-events-prod', jwksUrl: 'https://auth.login.nhs.uk/.well-known/jwks.json', clockToleranceSeconds: 5,
    });
  });

  it('names every problem at once', () => {
    const result = readAuthSettings({ AUTH_JWKS_URL: 'ftp://keys', AUTH_CLOCK_SKEW_SECONDS: '-1' });
    expect(result.settings).toBeNull();
    expect(result.problems).toEqual([
      expect.stringMatching(/^AUTH_ISSUER is required/),
      'AUTH_JWKS_URL must be an http(s) URL (got "ftp://keys")',
      'AUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to 300 (got "-1")',
    ]);
    expect(readAuthSettings({ AUTH_ISSUER: 'issuer' }).problems).toEqual(['AUTH_ISSUER must be an http(s) URL (got "issuer")']);
  });
});
