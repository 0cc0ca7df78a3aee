/** Where tokens come from and for whom they must be: read once at start-up. */
export interface AuthSettings {
  issuer: string;
  /** Absent: the JWKS address is read from the issuer's OIDC discovery document. */
  jwksUrl?: string;
  audience: string;
  clockToleranceSeconds: number;
}

export type AuthSettingsResult = { settings: AuthSettings; problems: [] } | { settings: null; problems: string[] };

export const DEFAULT_AUDIENCE = 'care-events';
const DEFAULT_CLOCK_SKEW_SECONDS = 30;
const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * Reads AUTH_ISSUER (required), AUTH_AUDIENCE, AUTH_JWKS_URL and AUTH_CLOCK_SKEW_SECONDS. There is no
 * default issuer, even locally: a service that cannot verify tokens must not start.
 */
export function readAuthSettings(env: Record<string, string | undefined>): AuthSettingsResult {
  const problems: string[] = [];
  const issuer = env.AUTH_ISSUER?.trim();
  if (!issuer) problems.push('AUTH_ISSUER is required: the URL of the token issuer (npm start runs a development one)');
  else if (!isHttpUrl(issuer)) problems.push(`AUTH_ISSUER must be an http(s) URL (got "${issuer}")`);

  const jwksUrl = env.AUTH_JWKS_URL?.trim() || undefined;
  if (jwksUrl && !isHttpUrl(jwksUrl)) problems.push(`AUTH_JWKS_URL must be an http(s) URL (got "${jwksUrl}")`);

  const audience = env.AUTH_AUDIENCE?.trim() || DEFAULT_AUDIENCE;

  const rawSkew = env.AUTH_CLOCK_SKEW_SECONDS?.trim();
  const clockToleranceSeconds = rawSkew ? Number(rawSkew) : DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isInteger(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > MAX_CLOCK_SKEW_SECONDS) {
    problems.push(`AUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to ${MAX_CLOCK_SKEW_SECONDS} (got "${rawSkew}")`);
  }

  if (problems.length || !issuer) return { settings: null, problems };
  return { settings: { issuer, audience, clockToleranceSeconds, ...(jwksUrl ? { jwksUrl } : {}) }, problems: [] };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
