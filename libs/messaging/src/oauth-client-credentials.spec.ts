import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clientCredentialsTokenProvider } from './oauth-client-credentials';

/** A token endpoint that records each request and issues token-1, token-2, … valid for `expiresIn` seconds. */
async function tokenEndpoint(expiresIn: number, status = 200): Promise<{ url: string; requests: Array<{ authorization?: string; body: string }>; server: Server }> {
  const requests: Array<{ authorization?: string; body: string }> = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    requests.push({ authorization: request.headers.authorization, body });
    response.writeHead(status, { 'content-type': 'application/json' });
    if (status !== 200) return response.end('{"error":"invalid_client"}');
    response.end(JSON.stringify({ access_token: `token-${requests.length}`, token_type: 'Bearer', expires_in: expiresIn }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, requests, server };
}

describe('clientCredentialsTokenProvider', () => {
  let endpoint: Awaited<ReturnType<typeof tokenEndpoint>>;
  afterEach(() => endpoint.server.close());

  it('asks the token endpoint by client credentials and reuses the token until shortly before it expires', async () => {
    endpoint = await tokenEndpoint(3_600);
    let now = 0;
    const token = clientCredentialsTokenProvider({ tokenUrl: endpoint.url, clientId: 'care router', clientSecret: 's3cret', scope: 'kafka' }, () => now);

    expect(await Promise.all([token(), token()])).toEqual(['token-1', 'token-1']);
    expect(endpoint.requests).toEqual([{ authorization: `Basic ${Buffer.from('care%20router:s3cret').toString('base64')}`, body: 'grant_type=client_credentials&scope=kafka' }]);
    now = 3_539_000;
    expect(await token()).toBe('token-1');
    now = 3_541_000;
    expect(await token()).toBe('token-2');
  });

  it('reports a refusal with the endpoint and the client', async () => {
    endpoint = await tokenEndpoint(60, 401);
    const token = clientCredentialsTokenProvider({ tokenUrl: endpoint.url, clientId: 'identity', clientSecret: 'wrong' });
    await expect(token()).rejects.toThrow(`OAuth token endpoint ${endpoint.url} answered 401 for client identity: {"error":"invalid_client"}`);
  });
});
