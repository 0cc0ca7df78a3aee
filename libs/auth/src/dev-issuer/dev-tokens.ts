import type { ProofingLevel, StaffRole } from '../principal';
import type { DevTokenRequest } from './dev-token-request';

/** Asks a running development issuer for tokens; each kind of token is reused for 5 minutes (they live an hour). */
export interface DevTokens {
  staff(caller: { userId: string; odsCode: string; role: StaffRole; name?: string }): Promise<string>;
  patient(caller: { nhsNumber: string; proofingLevel?: ProofingLevel }): Promise<string>;
  system(caller: { clientId: string; scopes: string[] | string; odsCode?: string }): Promise<string>;
  /** Always a fresh token: for other audiences, expired tokens and the like. */
  mint(request: DevTokenRequest): Promise<string>;
}

const REUSE_MS = 5 * 60_000;

/** Nothing answers at the issuer's address (as opposed to an issuer refusing the request). */
export class DevIssuerUnreachableError extends Error {
  override readonly name = 'DevIssuerUnreachableError';
}

export function devTokens(issuerUrl: string): DevTokens {
  const base = issuerUrl.replace(/\/+$/, '');
  const cache = new Map<string, { token: Promise<string>; until: number }>();

  const mint = async (request: DevTokenRequest): Promise<string> => {
    let response: Response;
    try {
      response = await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch (error) {
      throw new DevIssuerUnreachableError(`no development token issuer answers at ${base} (${causeOf(error)})`);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`the development token issuer at ${base} refused: ${body.error_description ?? `HTTP ${response.status}`}`);
    }
    return body.access_token;
  };

  const cached = (request: DevTokenRequest): Promise<string> => {
    const key = JSON.stringify(request);
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const token = mint(request);
    cache.set(key, { token, until: Date.now() + REUSE_MS });
    token.catch(() => cache.delete(key));
    return token;
  };

  return {
    staff: (caller) => cached({ kind: 'staff', ...caller }),
    patient: (caller) => cached({ kind: 'patient', ...caller }),
    system: (caller) => cached({ kind: 'system', ...caller }),
    mint,
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}
