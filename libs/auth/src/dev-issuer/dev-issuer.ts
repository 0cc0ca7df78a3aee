import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { devTokenContent } from './dev-token-request';

/**
 * A token issuer for development and tests ONLY: it mints a token for whoever asks. It serves the
 * OIDC discovery document and the JWKS like a real issuer, so services verify its tokens exactly as
 * they would NHS CIS2's or NHS login's. Its RS256 key lives in memory and changes at every start.
 */
export interface DevIssuer {
  url: string;
  close(): Promise<void>;
}

export interface DevIssuerOptions {
  /** 0 takes a free port. */
  port: number;
  /** The `iss` of its tokens and the base of its URLs; http://127.0.0.1:<port> by default. */
  issuer?: string;
  host?: string;
}

const MAX_BODY_BYTES = 16 * 1024;

export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  let issuer = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: 'server_error', error_description: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://issuer').pathname;
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      return send(response, 200, {
        issuer,
        jwks_uri: `${issuer}/jwks.json`,
        token_endpoint: `${issuer}/token`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['none'],
        subject_types_supported: ['public'],
        response_types_supported: ['token'],
      });
    }
    if (request.method === 'GET' && path === '/jwks.json') return send(response, 200, jwks);
    if (request.method === 'POST' && path === '/token') {
      const body = await readJson(request);
      const content = body === undefined ? { problems: ['the body must be JSON'] } : devTokenContent(body);
      if ('problems' in content) return send(response, 400, { error: 'invalid_request', error_description: content.problems.join('; ') });
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = now + content.expiresInSeconds;
      const token = await new SignJWT(content.claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(content.audience)
        .setIssuedAt(Math.min(now, expiresAt - 60))
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(privateKey);
      return send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: content.expiresInSeconds });
    }
    send(response, 404, { error: 'not_found', error_description: `no ${request.method} ${path} here` });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  issuer = (options.issuer ?? `http://${host}:${(server.address() as AddressInfo).port}`).replace(/\/+$/, '');
  return {
    url: issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
