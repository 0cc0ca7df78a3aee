import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigError } from '@care-events/service-kit';
import { readServiceTokenSettings, ServiceToken, ServiceTokenError } from './service-token';

/** An OAuth 2.0 issuer on a real port: discovery, and a client-credentials token endpoint that records what it was asked. */
class Issuer {
  readonly asked: Array<{ authorization: string; body: string }> = [];
  answer: 'token' | 'refuse' = 'token';
  private issued = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Issuer> {
    // Requests arrive only once it listens, after `issuer` is set.
    const server = createServer((request, response) => void issuer.handle(request).then(([status, body]) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))));
    const issuer = new Issuer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return issuer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<[number, object]> {
    if (request.url === '/.well-known/openid-configuration') return [200, { issuer: this.url, token_endpoint: `${this.url}/oauth2/token` }];
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.asked.push({ authorization: request.headers.authorization ?? '', body });
    if (this.answer === 'refuse') return [401, { error: 'invalid_client' }];
    return [200, { access_token: `token-${++this.issued}`, token_type: 'Bearer', expires_in: 3_600 }];
  }
}

describe('delivery\'s own token', () => {
  let issuer: Issuer;

  beforeAll(async () => {
    issuer = await Issuer.start();
  });

  afterAll(() => issuer.close());

  const serviceToken = (clientSecret: string) => {
    const previous = { ...process.env };
    Object.assign(process.env, { DELIVERY_CLIENT_ID: 'delivery-prod', DELIVERY_CLIENT_SECRET: clientSecret });
    try {
      return new ServiceToken({ auth: { issuer: `${issuer.url}/`, audience: 'care-events', clockToleranceSeconds: 30 } });
    } finally {
      process.env = previous;
    }
  };

  it('is a client-credentials grant at the token endpoint the issuer names, asked once while it is valid', async () => {
    const token = serviceToken('s3cret:with/odd chars');
    expect(await Promise.all([token.authorization(), token.authorization()])).toEqual(['Bearer token-1', 'Bearer token-1']);
    expect(await token.authorization()).toBe('Bearer token-1');
    expect(issuer.asked).toEqual([{
      authorization: `Basic ${Buffer.from('delivery-prod:s3cret%3Awith%2Fodd%20chars').toString('base64')}`,
      body: 'grant_type=client_credentials&scope=patient-data%3Aread',
    }]);
  });

  it('says why when the issuer refuses, and asks again next time', async () => {
    const token = serviceToken('wrong');
    issuer.answer = 'refuse';
    await expect(token.authorization()).rejects.toThrow(new ServiceTokenError(`${issuer.url}/oauth2/token answered 401`));
    issuer.answer = 'token';
    expect(await token.authorization()).toMatch(/^Bearer token-\d+$/);
  });

  it('needs a client secret in production, and names it', () => {
    expect(() => readServiceTokenSettings('https://issuer.example', { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readServiceTokenSettings('https://issuer.example', { NODE_ENV: 'production' })).toThrow(/DELIVERY_CLIENT_SECRET is required when NODE_ENV=production/);
    expect(readServiceTokenSettings('https://issuer.example/', {})).toEqual({ issuer: 'https://issuer.example', clientId: 'delivery', clientSecret: null });
  });
});
