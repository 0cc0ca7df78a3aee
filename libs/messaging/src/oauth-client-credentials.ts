export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** A token is fetched again this long before it expires, so a reconnection never presents an expired one. */
const RENEW_BEFORE_MS = 60_000;

/**
 * Access tokens by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4), with the client
 * authenticating by HTTP Basic, as every token endpoint must accept. A token is reused until shortly
 * before its `expires_in`; concurrent connections share one request.
 */
export function clientCredentialsTokenProvider(credentials: ClientCredentials, now: () => number = Date.now): () => Promise<string> {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return () => {
    if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
    pending ??= requestToken(credentials)
      .then(({ token, expiresInSeconds }) => {
        cached = { token, renewAt: now() + Math.max(0, expiresInSeconds * 1_000 - RENEW_BEFORE_MS) };
        return token;
      })
      .finally(() => (pending = undefined));
    return pending;
  };
}

async function requestToken({ tokenUrl, clientId, clientSecret, scope }: ClientCredentials): Promise<{ token: string; expiresInSeconds: number }> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined for Basic.
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`OAuth token endpoint ${tokenUrl} answered ${response.status} for client ${clientId}: ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
  if (typeof answer.access_token !== 'string') throw new Error(`OAuth token endpoint ${tokenUrl} gave no access_token`);
  return { token: answer.access_token, expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 300 };
}
