import { createServer, request as forward } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import {
  asStaff, authorizationUnlessGiven, CallHeaders, defaultAuthorization, fuzzCountingWrites, FuzzReport, misbehaviour, NO_MISBEHAVIOUR, ServiceUnderTest, tableCounts,
} from '@care-events/local-platform';
import { clientCertificate } from './client-certificate';
import { asAdministrator, DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';
import { SettingFeed } from './setting-feed';

/** A request a service must refuse with a 4xx naming one of `names`. */
interface Probe {
  label: string;
  method: string;
  path: string;
  body?: string;
  headers: CallHeaders;
  names: string[];
}

const BAD_IDS: Array<[string, string]> = [
  ['not a UUID', 'not-a-uuid'],
  ['a number', '42'],
  ['a UUID with a character too many', '00000000-0000-4000-8000-0000000000001'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['a space', '%20'],
  ['5,000 characters', 'a'.repeat(5_000)],
];

const BAD_AUTHORIZATIONS: Array<[string, string]> = [
  ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ['empty', ''],
  ['Bearer without a token', 'Bearer '],
  ['not a JWT', 'Bearer not-a-token'],
  ['an unsigned JWT', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"client_id":"x"}').toString('base64url')}.`],
];

describe('delivery refuses malformed requests on every endpoint', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let db: Client;
  let feed: SettingFeed;
  let receiver: Receiver;
  let endpointId: string;
  let staff: CallHeaders;

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery } = await world.inProcess());
    db = new Client({ connectionString: delivery.database.url });
    await db.connect();
    feed = await world.setting();
    receiver = await Receiver.start();
    // Refusing the handshake leaves the endpoint in error: no worker writes while requests are judged.
    receiver.answer({ status: 503 });
    staff = await asStaff({ odsCode: feed.odsCode });
    const registered = await world.call('POST', '/endpoints', { subscriptionId: feed.subscriptionId, format: 'fhir-backport', url: receiver.url }, staff);
    expect(registered.body.endpoint.status).toBe('error');
    endpointId = registered.body.endpoint.id;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await delivery?.stop();
    await receiver?.close();
    await world?.stop();
  });

  it('answers every malformed write (at least 400) with a 4xx naming what is wrong, and writes no row', async () => {
    // The fuzzer calls as the default test caller, a system of no care setting, whom every route refuses
    // once the request is well-formed; it is sent as the setting's staff, so that the routes judge the request.
    const proxy = await callerSwap(delivery.url, (await defaultAuthorization()).authorization, staff.authorization);
    const report = await fuzzCountingWrites(proxy.url, db, {
      // A body the fuzzer leaves valid would be taken: the setting's subscription, a receiver, a real client certificate.
      known: { fields: { subscriptionId: feed.subscriptionId, url: receiver.url, clientTls: clientCertificate() }, resources: { endpoints: endpointId, fhir: endpointId } },
      seed: 1208,
      atLeast: 400,
    });

    await proxy.close();

    expect(report.sent).toBeGreaterThanOrEqual(400);
    expect(report.endpoints).toHaveLength(9);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });

  it('refuses well-formed requests the state of the endpoint or the subscription rules out, naming the field, and writes nothing', async () => {
    const administrator = await asAdministrator();
    const body = (fields: object) => JSON.stringify({ subscriptionId: feed.subscriptionId, format: 'fhir-backport', url: receiver.url, ...fields });
    const probes: Probe[] = [
      probe('POST', '/endpoints', 'startAfterNumber beyond the last event number', ['startAfterNumber'], body({ startAfterNumber: 1 })),
      probe('POST', '/endpoints', 'a subscription care-router does not have', ['subscriptionId'], body({ subscriptionId: '00000000-0000-4000-8000-000000000000' })),
      probe('POST', '/endpoints', 'another setting\'s subscription', ['subscriptionId'], body({}), await asStaff({ odsCode: 'RX100' })),
      probe('POST', `/endpoints/${endpointId}/resend`, 'fromNumber beyond the next undelivered number', ['fromNumber'], JSON.stringify({ fromNumber: 2 })),
      probe('POST', `/endpoints/${endpointId}/skip`, 'an eventNumber that is not the next', ['eventNumber'], JSON.stringify({ eventNumber: 2, reason: 'x' }), administrator),
      probe('POST', `/endpoints/${endpointId}/skip`, 'an endpoint not stuck at the number', ['eventNumber'], JSON.stringify({ eventNumber: 1, reason: 'x' }), administrator),
      probe('DELETE', `/endpoints/${endpointId}/secrets/1`, 'the newest secret', ['version']),
      probe('DELETE', `/endpoints/${endpointId}/secrets/9`, 'a secret that does not exist', ['version']),
      probe('DELETE', `/endpoints/${endpointId}/secrets/0`, 'version 0', ['version']),
      probe('DELETE', `/endpoints/${endpointId}/secrets/1.5`, 'a fractional version', ['version']),
      probe('POST', `/fhir/Subscription/${endpointId}/$resend?eventsSinceNumber=2`, 'eventsSinceNumber beyond the next undelivered number', ['eventsSinceNumber']),
      probe('POST', `/fhir/Subscription/${endpointId}/$resend?eventsSinceNumber=1&eventsUntilNumber=1`, 'eventsUntilNumber on $resend', ['eventsUntilNumber']),
      probe('POST', `/fhir/Subscription/${endpointId}/$resend?eventsSinceNumber=1&eventsSinceNumber=2`, 'eventsSinceNumber twice', ['eventsSinceNumber']),
      probe('POST', `/fhir/Subscription/${endpointId}/$resend?eventsSinceNumber=1e3`, 'eventsSinceNumber in exponent notation', ['eventsSinceNumber']),
      probe('POST', `/fhir/Subscription/${endpointId}/$resend?eventsSinceNumber=99999999999999999`, 'eventsSinceNumber beyond 2^53', ['eventsSinceNumber']),
    ];

    const report = await writtenDuring(() => sendAll(probes));

    expect(report.sent).toBe(probes.length);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });

  it('answers bad ids, bad query values and bad Authorization headers on every route with a 4xx naming them', async () => {
    const reads = ['', '/attempts', '/events?sinceNumber=1'].map((tail) => `/endpoints/{id}${tail}`);
    const fhirReads = ['', '/$status', '/$events?eventsSinceNumber=1'].map((tail) => `/fhir/Subscription/{id}${tail}`);
    const writes: Array<[string, string, string?]> = [
      ['POST', '/endpoints/{id}/$handshake'], ['POST', '/endpoints/{id}/resume'], ['POST', '/endpoints/{id}/disable', '{"reason":"x"}'],
      ['POST', '/endpoints/{id}/resend', '{"fromNumber":1}'], ['POST', '/endpoints/{id}/secrets/rotate', '{}'], ['DELETE', '/endpoints/{id}/secrets/1'],
      ['POST', '/fhir/Subscription/{id}/$resend?eventsSinceNumber=1'],
    ];
    const at = (path: string, id: string) => path.replace('{id}', id);
    const queries: Array<[string, string[]]> = [
      ['/endpoints?odsCode=!!', ['odsCode']],
      ['/endpoints?odsCode=A81001&colour=blue', ['colour']],
      [`/endpoints/${endpointId}/attempts?limit=0`, ['limit']],
      [`/endpoints/${endpointId}/attempts?limit=501`, ['limit']],
      [`/endpoints/${endpointId}/attempts?limit=ten`, ['limit']],
      [`/endpoints/${endpointId}/attempts?eventNumber=-1`, ['eventNumber']],
      [`/endpoints/${endpointId}/attempts?beforeId=%ED%A0%80`, ['beforeId']],
      [`/endpoints/${endpointId}/attempts?limit[]=5`, ['limit[]']],
      [`/endpoints/${endpointId}/events`, ['sinceNumber']],
      [`/endpoints/${endpointId}/events?sinceNumber=1&untilNumber=`, ['untilNumber']],
      [`/fhir/Subscription/${endpointId}/$events?eventsSinceNumber=1&eventsUntilNumber=0`, ['eventsUntilNumber']],
      [`/fhir/Subscription/${endpointId}/$events?eventsSinceNumber=1&content=%20id-only`, ['content']],
      [`/fhir/Subscription/${endpointId}/$events?eventsSinceNumber=1&_count=10`, ['_count']],
    ];
    const probes: Probe[] = [
      ...[...reads, ...fhirReads].flatMap((path) => BAD_IDS.map(([what, id]) => probe('GET', at(path, id), `GET ${path} id: ${what}`, ['id', 'path']))),
      ...writes.flatMap(([method, path, json]) => BAD_IDS.map(([what, id]) => probe(method, at(path, id), `${method} ${path} id: ${what}`, ['id', 'path'], json))),
      ...queries.map(([path, names]) => probe('GET', path, `GET ${path}`, names)),
      ...writes.flatMap(([method, path, json]) =>
        BAD_AUTHORIZATIONS.map(([what, value]) => probe(method, at(path, endpointId), `${method} ${path} Authorization: ${what}`, ['Authorization', 'the token'], json, { authorization: value })),
      ),
    ];

    const report = await writtenDuring(() => sendAll(probes));

    expect(report.sent).toBe(probes.length);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });

  function probe(method: string, path: string, label: string, names: string[], body?: string, headers: CallHeaders = staff): Probe {
    return { label: `${method} ${label}`, method, path, body, headers, names };
  }

  async function writtenDuring(run: () => Promise<FuzzReport>) {
    const before = await tableCounts(db);
    const report = await run();
    const after = await tableCounts(db);
    const written = Object.fromEntries(Object.entries(after).filter(([table, rows]) => rows !== before[table]).map(([table, rows]) => [table, rows - (before[table] ?? 0)]));
    return { ...report, written };
  }

  async function sendAll(probes: Probe[]): Promise<FuzzReport> {
    const report: FuzzReport = { sent: 0, endpoints: [], serverErrors: [], accepted: [], unnamed: [] };
    for (const request of probes) {
      const headers = { 'content-type': 'application/json', ...(await authorizationUnlessGiven(request.headers)), ...request.headers };
      const response = await fetch(`${delivery.url}${request.path}`, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      report.sent++;
      const finding = { request: request.label, status: response.status, answer: text.slice(0, 300) };
      if (response.status >= 500 && response.status !== 501) report.serverErrors.push(finding);
      else if (response.status < 400) report.accepted.push(finding);
      else if (!namesOneOf(text, request.names)) report.unnamed.push(finding);
    }
    return report;
  }
});

/** Forwards every request to `target` as it came, but with the Authorization `from` replaced by `to`. */
async function callerSwap(target: string, from: string, to: string): Promise<{ url: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, ...(incoming.headers.authorization === from ? { authorization: to } : {}) };
    const upstream = forward({ hostname, port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => outgoing.writeHead(502).end(JSON.stringify({ message: `proxy: ${error.message}` })));
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A message line such as "fromNumber: must be at most 1" names fromNumber. */
function namesOneOf(answer: string, names: string[]): boolean {
  let message: unknown;
  try {
    message = (JSON.parse(answer) as { message?: unknown }).message;
  } catch {
    return false;
  }
  const lines = (Array.isArray(message) ? message : [message]).filter((line): line is string => typeof line === 'string');
  return lines.some((line) => names.some((name) => line.toLowerCase().startsWith(name.toLowerCase()) && /^(?:[:.\s]|$)/.test(line.slice(name.length))));
}
