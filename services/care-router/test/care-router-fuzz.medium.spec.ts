import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  authorizationUnlessGiven, callService, CallHeaders, eventually, FuzzReport, fuzzWriteEndpoints, MalformedRequest, misbehaviour, NO_MISBEHAVIOUR,
  ServiceUnderTest, tableCounts,
} from '@care-events/local-platform';
import { followBody } from './relationships-fixtures';
import { asAdministrator, DomainEventPublisher, events, freshOdsCode, ROUTED_TYPES, startRouter, subscribe } from './routing-fixtures';

/** A malformed request, with the OpenAPI path of the endpoint it goes to. */
interface Probe extends MalformedRequest {
  endpoint: string;
}

const BAD_IDS: Array<[string, string]> = [
  ['not a UUID', 'not-a-uuid'],
  ['a number', '42'],
  ['a UUID with a character too many', '00000000-0000-4000-8000-0000000000001'],
  ['a UUID without dashes', '000000000000400080000000000000000'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['unicode digits', encodeURIComponent('٠٠٠٠٠٠٠٠-٠٠٠٠-٤٠٠٠-٨٠٠٠-٠٠٠٠٠٠٠٠٠٠٠٠')],
  ['a space', '%20'],
  ['5,000 characters', 'a'.repeat(5_000)],
];

const BAD_ODS_QUERIES: Array<[string, string]> = [
  ['not an ODS code', '!!'],
  ['empty', ''],
  ['5,000 characters', 'A'.repeat(5_000)],
  ['NUL', '%00'],
  ['broken percent-encoding', '%E0%A4%A'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['fullwidth lookalike', encodeURIComponent('Ａ８１００１')],
  ['an injection attempt', encodeURIComponent("' or 1=1 --")],
  ['unicode', encodeURIComponent('٠١٢ऄ𝔸')],
];

const BAD_QUERIES: Array<[string, string, string[]]> = [
  ['odsCode twice', 'odsCode=A81001&odsCode=B82002', ['odsCode']],
  // Query strings are read flat: brackets are part of a parameter's name, not a list or an object.
  ['odsCode[] (a list elsewhere)', 'odsCode[]=A81001', ['odsCode[]']],
  ['odsCode[code] (an object elsewhere)', 'odsCode[code]=A81001', ['odsCode[code]']],
  ['an unknown parameter', 'colour=blue', ['colour']],
  ['an unknown parameter beside odsCode', 'odsCode=A81001&colour=', ['colour']],
  ['an unknown parameter with 7 brackets', 'a[b][c][d][e][f][g]=1', ['a[b][c][d][e][f][g]']],
  ['an unknown parameter with broken percent-encoding', '%E0%A4%A=1', ['%E0%A4%A', '\ufffd%A']],
];

/** The caller comes from the bearer token alone: a header that carries none, or no JWT, is a 401 naming it. */
const BAD_AUTHORIZATIONS: Array<[string, string]> = [
  ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ['empty', ''],
  ['Bearer without a token', 'Bearer '],
  ['sent twice', 'Bearer a.b.c, Bearer d.e.f'],
  ['5,000 characters', `Bearer ${'a'.repeat(5_000)}`],
  ['latin-1', 'Bearer tökén'],
  ['not a JWT', 'Bearer not-a-token'],
  ['an unsigned JWT', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"client_id":"x"}').toString('base64url')}.`],
];

/** What bodies of routes that take none may still carry: the edge refuses them before any route. */
const UNREADABLE_BODIES: Array<[string, string, string[], CallHeaders?]> = [
  ['invalid JSON', '{"a":', ['body']],
  ['a JSON array', '[]', ['body']],
  ['JSON null', 'null', ['body']],
  ['sent as text/plain', '{}', ['body'], { 'content-type': 'text/plain' }],
  ['larger than the limit', JSON.stringify({ padding: 'x'.repeat(300_000) }), ['body']],
  ['a __proto__ field', '{"__proto__":{"admin":true}}', ['__proto__']],
  ['a NUL character', '{"note":"a\\u0000b"}', ['note']],
];

/** Names class-transformer drops without a word when they arrive as unknown fields. */
const OBJECT_MEMBER_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

/** Unpaired UTF-16 surrogates: JSON carries them as \u escapes; UTF-8 has no form for them and PostgreSQL's jsonb refuses them. */
const LONE_SURROGATES: Array<[string, string]> = [
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', '\udc00'],
  ['a high surrogate at the end', 'Ambulance incident \ud83d'],
  ['a surrogate pair reversed', '\ude91\ud83d crew on scene'],
];

/**
 * Tables the consumed topics also write, where other tests publish meanwhile: the router's patients and
 * inbox are left out, its relationships and outbox count for this test's patient, follows and care-setting
 * copies only (all that a request could write).
 */
const FED_BY_TOPICS = ['care_patient', 'inbox_message', 'care_relationship', 'outbox_message'];

describe('care-router refuses malformed requests on every endpoint', () => {
  let router: ServiceUnderTest;
  let db: Client;
  const publisher = new DomainEventPublisher();
  let patientId: string;
  const subscriptions: Record<'requested' | 'active' | 'paused', string> = { requested: '', active: '', paused: '' };
  let followId: string;

  const call = (method: string, path: string, body?: unknown, headers: CallHeaders = {}) => callService(router.url, method, path, body, headers);

  beforeAll(async () => {
    router = await startRouter();
    db = new Client({ connectionString: router.database.url });
    await db.connect();

    patientId = randomUUID();
    await publisher.publish([events.registered(patientId, freshOdsCode())]);
    await eventually(`registration of ${patientId} in care-router`, async () =>
      (await db.query('select 1 from care_patient where patient_id = $1 and registered', [patientId])).rowCount === 1);

    const requested = await call('POST', '/subscriptions', { odsCode: freshOdsCode(), settingType: 'GP_PRACTICE', eventTypes: ROUTED_TYPES });
    expect(requested.status).toBe(201);
    subscriptions.requested = requested.body.id;
    subscriptions.active = await subscribe(router.url, freshOdsCode());
    subscriptions.paused = await subscribe(router.url, freshOdsCode());
    expect((await call('POST', `/subscriptions/${subscriptions.paused}/pause`, undefined, await asAdministrator())).status).toBe(200);
    const follow = await call('POST', '/follows', followBody(patientId, { odsCode: freshOdsCode('F') }));
    expect(follow.status).toBe(201);
    followId = follow.body.followId;
  });

  afterAll(async () => {
    await db?.end();
    await publisher.close();
    await router?.stop();
  });

  /** Rows in every table a request could write (see FED_BY_TOPICS). */
  async function writableRows(): Promise<Record<string, number>> {
    const own = Object.entries(await tableCounts(db)).filter(([table]) => !FED_BY_TOPICS.includes(table));
    const count = async (sql: string) => Number((await db.query(sql, [patientId])).rows[0].count);
    return {
      ...Object.fromEntries(own),
      care_relationship: await count("select count(*) from care_relationship where patient_id = $1 or kind = 'FOLLOW'"),
      outbox_message: await count("select count(*) from outbox_message where message_key = $1 or topic like 'care-setting.%'"),
    };
  }

  async function writtenDuring(run: () => Promise<FuzzReport>) {
    const before = await writableRows();
    const report = await run();
    const after = await writableRows();
    const written = Object.fromEntries(Object.entries(after).filter(([table, rows]) => rows !== before[table]).map(([table, rows]) => [table, rows - (before[table] ?? 0)]));
    return { ...report, written };
  }

  /** One request per write endpoint that succeeds as it stands: a probe built on it is refused for what it changes, nothing else. */
  const validWrites = async (): Promise<Probe[]> => {
    const administrator = await asAdministrator();
    return [
      probe('POST', '/subscriptions', '/subscriptions', { odsCode: freshOdsCode(), settingType: 'GP_PRACTICE', eventTypes: ROUTED_TYPES }),
      probe('POST', '/subscriptions/{id}/activate', `/subscriptions/${subscriptions.requested}/activate`, undefined, administrator),
      probe('POST', '/subscriptions/{id}/pause', `/subscriptions/${subscriptions.active}/pause`, undefined, administrator),
      probe('POST', '/subscriptions/{id}/resume', `/subscriptions/${subscriptions.paused}/resume`, undefined, administrator),
      probe('POST', '/subscriptions/{id}/end', `/subscriptions/${subscriptions.active}/end`, undefined, administrator),
      probe('POST', '/follows', '/follows', followBody(patientId, { odsCode: freshOdsCode('G') })),
      probe('DELETE', '/follows/{id}', `/follows/${followId}`),
    ];
  };

  it('answers every malformed write (at least 300) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const report = await writtenDuring(() =>
      fuzzWriteEndpoints(router.url, {
        known: {
          // A body the fuzzer leaves valid would be taken: a setting with no subscription and no follow, a follow ending within the limit.
          fields: { patientId, odsCode: freshOdsCode(), until: new Date(Date.now() + 2 * 3_600_000).toISOString() },
          resources: { subscriptions: subscriptions.requested, follows: followId },
        },
        seed: 1207,
        atLeast: 300,
      }),
    );

    expect(report.sent).toBeGreaterThanOrEqual(300);
    expect(report.endpoints).toHaveLength(7);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });

  it('answers bad ids, bad query values, bad Authorization headers and unreadable bodies on every endpoint with a 4xx naming them, and writes nothing', async () => {
    const reads: Probe[] = [
      ...BAD_IDS.flatMap(([what, id]) => [
        { ...probe('GET', '/subscriptions/{id}', `/subscriptions/${id}`), label: `GET /subscriptions/{id} id: ${what}`, names: ['id', 'path'] },
        { ...probe('GET', '/patients/{patientId}/relationships', `/patients/${id}/relationships`), label: `GET /patients/{patientId}/relationships patientId: ${what}`, names: ['patientId', 'path'] },
      ]),
      ...BAD_ODS_QUERIES.map(([what, value]) => ({ ...probe('GET', '/subscriptions', `/subscriptions?odsCode=${value}`), label: `GET /subscriptions odsCode: ${what}`, names: ['odsCode'] })),
      ...BAD_QUERIES.map(([what, query, names]) => ({ ...probe('GET', '/subscriptions', `/subscriptions?${query}`), label: `GET /subscriptions ${what}`, names })),
    ];
    // Every write takes its caller from the token; a header without a verifiable one names what is wrong with it.
    const headers = (await validWrites()).flatMap((write) =>
      BAD_AUTHORIZATIONS.map(([what, value]) => ({
        ...write, label: `${write.label} Authorization: ${what}`, headers: { ...write.headers, authorization: value }, names: ['Authorization', 'the token'],
      })),
    );
    const bodies = (await validWrites())
      .filter((write) => write.body === undefined)
      .flatMap((write) =>
        UNREADABLE_BODIES.map(([what, body, names, extra = {}]) => ({ ...write, label: `${write.label} body: ${what}`, body, headers: { ...write.headers, ...extra }, names })),
      );

    const report = await writtenDuring(() => sendAll([...reads, ...headers, ...bodies]));

    expect(report.sent).toBe(reads.length + headers.length + bodies.length);
    expect(report.endpoints).toHaveLength(10);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
    // Each write probed above, sent with good headers and no body, is taken: what the probes changed is what was refused.
    const refused: string[] = [];
    for (const write of await validWrites()) {
      const { status, text } = await send(write);
      if (status >= 300) refused.push(`${write.label}: ${status} ${text.slice(0, 200)}`);
    }
    expect(refused).toEqual([]);
  });

  it('refuses unpaired UTF-16 surrogates in every body field with a 400 naming the field, and writes nothing', async () => {
    const follow = followBody(patientId, { odsCode: freshOdsCode('S') });
    const subscription = { odsCode: freshOdsCode(), settingType: 'GP_PRACTICE', eventTypes: ROUTED_TYPES };
    const probes = LONE_SURROGATES.flatMap(([what, text]) => [
      ...Object.keys(follow).map((field) => ({ ...probe('POST', '/follows', '/follows', { ...follow, [field]: text }), label: `POST /follows ${field}: ${what}`, names: [field] })),
      ...Object.keys(subscription).map((field) => ({
        ...probe('POST', '/subscriptions', '/subscriptions', { ...subscription, [field]: field === 'eventTypes' ? [text] : text }),
        label: `POST /subscriptions ${field}: ${what}`,
        names: [field],
      })),
      { ...probe('POST', '/follows', '/follows', { ...follow, [text]: 1 }), label: `POST /follows an unknown field named with ${what}`, names: [text] },
    ]);

    const report = await writtenDuring(() => sendAll(probes));

    expect(report.sent).toBe(LONE_SURROGATES.length * 8);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
    // Well-formed text beyond the Basic Multilingual Plane is not refused with them.
    expect((await call('POST', '/follows', { ...follow, reason: '\ud83d\ude91 crew on scene, incident 4711' })).status).toBe(201);
  });

  it('refuses unknown fields named like the members every object has, with a 400 naming them, and writes nothing', async () => {
    const follow = followBody(patientId, { odsCode: freshOdsCode('S') });
    const subscription = { odsCode: freshOdsCode(), settingType: 'GP_PRACTICE', eventTypes: ROUTED_TYPES };
    const probes = OBJECT_MEMBER_NAMES.flatMap((name) => [
      { ...probe('POST', '/follows', '/follows', { ...follow, [name]: 1 }), label: `POST /follows with a field ${name}`, names: [name] },
      { ...probe('POST', '/subscriptions', '/subscriptions', { ...subscription, [name]: 'x' }), label: `POST /subscriptions with a field ${name}`, names: [name] },
    ]);

    const report = await writtenDuring(() => sendAll(probes));

    expect(report.sent).toBe(OBJECT_MEMBER_NAMES.length * 2);
    expect(misbehaviour(report)).toEqual(NO_MISBEHAVIOUR);
  });

  function probe(method: string, endpoint: string, path: string, body?: unknown, headers: CallHeaders = {}): Probe {
    return { label: `${method} ${endpoint}`, method, endpoint, path, headers, body: body === undefined ? undefined : JSON.stringify(body), names: [] };
  }

  async function send(request: Probe): Promise<{ status: number; text: string }> {
    const headers = { 'content-type': 'application/json', ...(await authorizationUnlessGiven(request.headers)), ...request.headers };
    const response = await fetch(`${router.url}${request.path}`, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(15_000) });
    return { status: response.status, text: await response.text() };
  }

  /** Sends each probe and sorts the answers as fuzzWriteEndpoints does: 5xx, taken, or refused without naming what is wrong. */
  async function sendAll(probes: Probe[]): Promise<FuzzReport> {
    const report: FuzzReport = { sent: 0, endpoints: [...new Set(probes.map((p) => `${p.method} ${p.endpoint}`))], serverErrors: [], accepted: [], unnamed: [] };
    for (const request of probes) {
      const { status, text } = await send(request);
      report.sent++;
      const finding = { request: request.label, status, answer: text.slice(0, 300) };
      if (status >= 500) report.serverErrors.push(finding);
      else if (status < 400) report.accepted.push(finding);
      else if (!namesOneOf(text, request.names)) report.unnamed.push(finding);
    }
    return report;
  }
});

/** A message line such as "odsCode: must be an ODS code …" names odsCode. */
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
