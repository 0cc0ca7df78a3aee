import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from './auth-settings';
import type { Principal } from './principal';
import { principalFromClaims, TokenClaimsError } from './token-claims';
import { VerifiedTokens } from './verified-tokens';

/** A token that is refused; `reason` says why, for the 401 body and the WWW-Authenticate header. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The issuer's keys could not be had: the caller is not at fault (answer 503, not 401). */
export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

/**
 * Asymmetric algorithms only: `none` and the HMAC ones (whose key would be a shared secret) are
 * refused. RS512 is NHS login's: it signs its ID tokens with it; CIS2 signs with RS256.
 */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS512', 'PS256', 'ES256'];

/** Verifies bearer tokens against one issuer's published keys, then reads the caller from the claims. */
export class TokenVerifier {
  private keys: Promise<JWTVerifyGetKey> | null = null;
  private readonly verified = new VerifiedTokens();

  private constructor(private readonly settings: AuthSettings, private readonly now: () => number) {}

  /** `now` is the clock that expiry is judged by (milliseconds since the epoch). */
  static fromSettings(settings: AuthSettings, now: () => number = Date.now): TokenVerifier {
    return new TokenVerifier({ ...settings, issuer: settings.issuer.replace(/\/+$/, '') }, now);
  }

  async verify(token: string): Promise<Principal> {
    const nowMs = this.now();
    const known = this.verified.find(token, nowMs);
    if (known) return known;
    const { principal, expiresAt } = await this.verifySignatureAndClaims(token, nowMs);
    this.verified.remember(token, principal, (expiresAt + this.settings.clockToleranceSeconds) * 1000);
    return principal;
  }

  private async verifySignatureAndClaims(token: string, nowMs: number): Promise<{ principal: Principal; expiresAt: number }> {
    const alg = algorithmOf(token);
    if (alg === 'none') throw new TokenError('the token is not signed (alg "none")');
    if (!ALLOWED_ALGORITHMS.includes(alg)) {
      throw new TokenError(`the token is signed with ${alg}; only ${ALLOWED_ALGORITHMS.join(', ')} are accepted`);
    }
    const keys = await this.keySet();
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
        currentDate: new Date(nowMs),
      });
      return { principal: principalFromClaims(payload), expiresAt: payload.exp as number };
    } catch (error) {
      throw this.refusal(error);
    }
  }

  /** The key set, found once; a failed discovery is tried again on the next token. */
  private keySet(): Promise<JWTVerifyGetKey> {
    if (!this.keys) {
      this.keys = this.jwksUrl().then((url) => createRemoteJWKSet(new URL(url)));
      this.keys.catch(() => (this.keys = null));
    }
    return this.keys;
  }

  private async jwksUrl(): Promise<string> {
    if (this.settings.jwksUrl) return this.settings.jwksUrl;
    const discovery = `${this.settings.issuer}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(discovery, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new IssuerUnavailableError(`the issuer's discovery document ${discovery} could not be read: ${describe(error)}`);
    }
    // OIDC Discovery 1.0 §4.3: a document for another issuer must not be trusted.
    if (document.issuer !== this.settings.issuer) {
      throw new IssuerUnavailableError(`${discovery} names the issuer ${String(document.issuer)}, not ${this.settings.issuer}`);
    }
    if (typeof document.jwks_uri !== 'string') throw new IssuerUnavailableError(`${discovery} has no jwks_uri`);
    return document.jwks_uri;
  }

  private refusal(error: unknown): Error {
    if (error instanceof TokenClaimsError) return new TokenError(error.message);
    if (error instanceof errors.JWTExpired) return new TokenError('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') return new TokenError(`the token is for another audience (this service is ${this.settings.audience})`);
      if (error.claim === 'iss') return new TokenError(`the token is from another issuer (this service trusts ${this.settings.issuer})`);
      if (error.claim === 'nbf' || error.claim === 'iat') return new TokenError('the token is not valid yet');
      return new TokenError(`the token's ${error.claim} claim is not acceptable: ${error.message}`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
      return new TokenError('the token is not signed by the issuer');
    }
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
      return new IssuerUnavailableError(`the issuer's keys could not be read: ${error.message}`);
    }
    if (error instanceof errors.JOSEError) return new TokenError(`the token is malformed: ${error.message}`);
    // fetch failures of the remote key set are plain TypeErrors
    if (error instanceof TypeError) return new IssuerUnavailableError(`the issuer's keys could not be read: ${describe(error)}`);
    return error instanceof Error ? error : new Error(String(error));
  }
}

function algorithmOf(token: string): string {
  try {
    const { alg } = decodeProtectedHeader(token);
    if (typeof alg !== 'string') throw new TokenError('the token header names no algorithm');
    return alg;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new TokenError('the token is malformed: it is not a compact JWS (header.payload.signature)');
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
