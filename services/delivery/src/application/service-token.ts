import { Inject, Injectable } from '@nestjs/common';
import { devTokens, PATIENT_DATA_READ, type DevTokens } from '@care-events/auth';
import { ConfigError, SERVICE_CONFIG, type ServiceConfig } from '@care-events/service-kit';

/** What delivery reads of other services (care-router's subscriptions, care-record's resources) needs. */
const SCOPES = [PATIENT_DATA_READ];
/** A token is renewed this long before it expires, so that none is sent while it runs out. */
const RENEW_BEFORE_MS = 60_000;

type Env = Record<string, string | undefined>;

export interface ServiceTokenSettings {
  issuer: string;
  clientId: string;
  /** Absent outside production: tokens then come from the development issuer. */
  clientSecret: string | null;
}

/** Reads DELIVERY_CLIENT_ID (default delivery) and DELIVERY_CLIENT_SECRET, required in production. */
export function readServiceTokenSettings(issuer: string, env: Env = process.env): ServiceTokenSettings {
  const clientSecret = env.DELIVERY_CLIENT_SECRET?.trim() || null;
  if (!clientSecret && env.NODE_ENV === 'production') {
    throw new ConfigError('delivery', ['DELIVERY_CLIENT_SECRET is required when NODE_ENV=production: delivery reads care-router and care-record with a client-credentials token']);
  }
  return { issuer: issuer.replace(/\/+$/, ''), clientId: env.DELIVERY_CLIENT_ID?.trim() || 'delivery', clientSecret };
}

/** The issuer did not give delivery a token: whatever needed it is unavailable for now. */
export class ServiceTokenError extends Error {
  override readonly name = 'ServiceTokenError';
}

/**
 * delivery's own bearer token, as a system with the patient-data:read scope: the OAuth 2.0 client
 * credentials grant at the issuer's token endpoint (from its discovery document), or, outside
 * production without a client secret, the development issuer's.
 */
@Injectable()
export class ServiceToken {
  private readonly settings: ServiceTokenSettings;
  private readonly development: DevTokens | null;
  private current: { token: Promise<string>; until: number } | null = null;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'auth'>) {
    this.settings = readServiceTokenSettings(config.auth.issuer);
    this.development = this.settings.clientSecret ? null : devTokens(this.settings.issuer);
  }

  /** `Authorization` for a call to another service. */
  async authorization(): Promise<string> {
    return `Bearer ${await this.token()}`;
  }

  private token(): Promise<string> {
    if (this.development) {
      return this.development.system({ clientId: this.settings.clientId, scopes: SCOPES }).catch((error: Error) => {
        throw new ServiceTokenError(error.message);
      });
    }
    if (!this.current || this.current.until <= Date.now()) {
      const granted = this.clientCredentials();
      // Until the grant answers, callers share it; a failed grant is forgotten so that the next call asks again.
      const entry = { token: granted.then((g) => g.token), until: Number.POSITIVE_INFINITY };
      granted.then(
        ({ expiresInSeconds }) => (entry.until = Date.now() + expiresInSeconds * 1000 - RENEW_BEFORE_MS),
        () => this.current === entry && (this.current = null),
      );
      this.current = entry;
    }
    return this.current.token;
  }

  private async clientCredentials(): Promise<{ token: string; expiresInSeconds: number }> {
    const { issuer, clientId, clientSecret } = this.settings;
    const discovery = await this.json(`${issuer}/.well-known/openid-configuration`, {});
    const endpoint = discovery.token_endpoint;
    if (typeof endpoint !== 'string') throw new ServiceTokenError(`the issuer ${issuer} names no token_endpoint`);
    const answer = await this.json(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret ?? '')}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPES.join(' ') }).toString(),
    });
    if (typeof answer.access_token !== 'string') throw new ServiceTokenError(`the token endpoint ${endpoint} gave no access_token`);
    return { token: answer.access_token, expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 300 };
  }

  private async json(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new ServiceTokenError(`${url} did not answer: ${(error as Error).message}`);
    }
    if (!response.ok) throw new ServiceTokenError(`${url} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }
}
