import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAuthSettings, TokenVerifier } from '@care-events/auth';
import { callService } from './call-service';
import { asPatient, asStaff, TEST_CLIENT_ID, TEST_CLIENT_SCOPES } from './tokens';

/** The test callers' tokens, verified the way every service verifies them: from AUTH_ISSUER and AUTH_AUDIENCE. */
describe('test callers', () => {
  let server: Server;
  let url: string;
  const received: IncomingHttpHeaders[] = [];
  let verifier: TokenVerifier;

  beforeAll(async () => {
    const { settings, problems } = readAuthSettings(process.env);
    if (!settings) throw new Error(`the global setup left no usable auth settings: ${problems.join('; ')}`);
    verifier = TokenVerifier.fromSettings(settings);
    server = createServer((request, response) => {
      received.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const callerOf = (headers: IncomingHttpHeaders) => verifier.verify((headers.authorization ?? '').replace(/^Bearer /, ''));

  it('callService calls as the test system, allowed to read and write', async () => {
    await callService(url, 'GET', '/patients');
    expect(await callerOf(received.at(-1) as IncomingHttpHeaders)).toEqual({ kind: 'system', clientId: TEST_CLIENT_ID, odsCode: null, scopes: TEST_CLIENT_SCOPES });
    expect(received.at(-1)).not.toHaveProperty('x-actor-type');
  });

  it('callService keeps a caller of the test’s own', async () => {
    await callService(url, 'GET', '/patients', undefined, await asStaff({ odsCode: 'RX1', role: 'paramedic' }));
    expect(await callerOf(received.at(-1) as IncomingHttpHeaders)).toEqual({
      kind: 'staff', userId: 'G8123456', odsCode: 'RX1', role: 'paramedic', roleCode: 'R8003', name: null,
    });
    await callService(url, 'GET', '/patients', undefined, await asPatient('9990000018', 'P5'));
    expect(await callerOf(received.at(-1) as IncomingHttpHeaders)).toMatchObject({ kind: 'patient', nhsNumber: '9990000018', proofingLevel: 'P5' });
    await callService(url, 'GET', '/patients', undefined, { authorization: 'Bearer not-a-token' });
    expect(received.at(-1)?.authorization).toBe('Bearer not-a-token');
  });
});
