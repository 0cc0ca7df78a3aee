import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { patientDataRedaction } from './log-redaction';

describe('patientDataRedaction', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) });
  const http = pinoHttp({ ...patientDataRedaction() }, sink);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      // As express gives it, which the request serializer reads.
      Object.assign(req, { query: Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams) });
      http(req, res);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => lines.splice(0));

  it("logs a request's path and query names, never its query values or credentials", async () => {
    await fetch(`${url}/patients?nhsNumber=9434765919&family=Smith`, { headers: { authorization: 'Bearer eyJ.patient', cookie: 'session=abc' } });
    const line = JSON.parse(lines[0]);
    expect(line.req).toMatchObject({
      url: '/patients?nhsNumber=[redacted]&family=[redacted]',
      query: { nhsNumber: '[redacted]', family: '[redacted]' },
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
    });
    expect(lines[0]).not.toMatch(/9434765919|Smith|eyJ|abc/);
  });

  it('takes quoted values out of messages, fields and errors, and drops query parameters', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "Jane Smith"'), { parameters: ['Jane Smith'] });
    http.logger.error({ err: error, reason: 'patient 9434765919', nhsNumber: '9434765919' }, 'cannot store "Jane Smith"');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ msg: 'cannot store "[redacted]"', reason: 'patient [redacted]', nhsNumber: '[redacted]' });
    expect(line.err).toMatchObject({ message: 'invalid input syntax for type uuid: "[redacted]"', parameters: '[redacted]' });
    expect(lines[0]).not.toMatch(/9434765919|Smith/);
  });
});
