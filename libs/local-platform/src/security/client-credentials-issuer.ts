import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface ClientCredentialsIssuer {
  issuer: string;
  audience: string;
  tokenUrl: string;
  jwksUrl: string;
  /** The secret of each client given at start; a token's `sub` is its client id. */
  secretOf(clientId: string): string;
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 300;

/**
 * An OAuth 2.0 authorization server of the client-credentials grant only, on 127.0.0.1, as a managed
 * Kafka's identity provider would be: RS256 JWTs for the clients it knows (HTTP Basic), with its key set
 * at /jwks.json for the broker to check them.
 */
export async function startClientCredentialsIssuer(clientIds: string[], audience = 'kafka'): Promise<ClientCredentialsIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const secrets = new Map(clientIds.map((id) => [id, randomBytes(12).toString('hex')]));
  let issuer = '';

  const tokenFor = async (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const [id, secret] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return json(response, 400, { error: 'unsupported_grant_type' });
    if (!id || secrets.get(id) !== secret) return json(response, 401, { error: 'invalid_client' });
    const accessToken = await new SignJWT({ scope: form.get('scope') ?? 'kafka' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer).setAudience(audience).setSubject(id)
      .setIssuedAt().setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(privateKey);
    json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS });
  };

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/jwks.json') return json(response, 200, jwks);
    if (request.method === 'POST' && request.url === '/token') return void tokenFor(request, response).catch(() => json(response, 500, { error: 'server_error' }));
    json(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    audience,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks.json`,
    secretOf: (clientId) => secrets.get(clientId) ?? '',
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
