import { randomUUID } from 'node:crypto';
import { CareRouterEventType, PatientDataAccessed } from '@care-events/contracts';
import {
  Answer, asPatient, asStaff, callService, eventually, publishEvent, ServiceUnderTest, startServiceUnderTest, tapTopics, tokens,
} from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { IdentityModule } from '../src/identity.module';
import { nhsNumbers, registration } from './identity-fixtures';

const PARAMEDIC = { userId: 'P445566', odsCode: 'AMB01', role: 'paramedic' as const };
const NO_RELATIONSHIP = 'no active care relationship between AMB01 and this patient; give X-Break-Glass-Reason to read in an emergency';

describe('identity: no token, no data; staff read with a care relationship or by break-glass, audited', () => {
  let service: ServiceUnderTest;
  let audit: TopicTap;
  const nextNhsNumber = nhsNumbers();

  beforeAll(async () => {
    [service, audit] = await Promise.all([startServiceUnderTest('identity', IdentityModule), tapTopics(['audit.access.v1'])]);
  });

  afterAll(async () => {
    await audit?.stop();
    await service?.stop();
  });

  const call = (method: string, path: string, headers?: Record<string, string>, body?: unknown): Promise<Answer & { challenge: string | null }> =>
    fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(async (response) => ({ status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() }));
  const register = async (): Promise<{ id: string; nhsNumber: string }> => {
    const answer = await callService(service.url, 'POST', '/patients', registration(nextNhsNumber()));
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const auditOf = async (patientId: string, count: number): Promise<PatientDataAccessed[]> =>
    (await audit.waitFor((message) => message.key === patientId, count)).map(valueOf);

  describe('refuses a request without a valid bearer token with 401, saying what is wrong', () => {
    let patientId: string;
    beforeAll(async () => ({ id: patientId } = await register()));

    it('no token at all: the challenge names no error', async () => {
      const answer = await call('GET', `/patients/${patientId}`);
      expect(answer).toEqual({
        status: 401,
        challenge: 'Bearer realm="care-events"',
        body: { statusCode: 401, error: 'Unauthorized', message: 'Authorization: missing; this API needs a bearer token ("Bearer <token>")' },
      });
    });

    it.each([
      ['a header that is not Bearer', () => Promise.resolve('Basic Zzg6c2VjcmV0'), 'Authorization: must be "Bearer <token>"'],
      ['a bearer that is not a JWT', () => Promise.resolve('Bearer not-a-token'), 'the token is malformed: it is not a compact JWS (header.payload.signature)'],
      ['an expired token', async () => `Bearer ${await tokens().mint({ kind: 'staff', ...PARAMEDIC, expiresInSeconds: -120 })}`, 'the token has expired'],
      ['a token for another audience', async () => `Bearer ${await tokens().mint({ kind: 'staff', ...PARAMEDIC, audience: 'another-api' })}`, 'the token is for another audience (this service is care-events)'],
    ])('%s', async (_, authorization, message) => {
      const answer = await call('GET', `/patients/${patientId}`, { authorization: await authorization() });
      expect(answer).toEqual({
        status: 401,
        challenge: `Bearer realm="care-events", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
        body: { statusCode: 401, error: 'Unauthorized', message },
      });
    });

    it('a write without a token changes nothing', async () => {
      const answer = await call('PUT', `/patients/${patientId}/registered-gp`, {}, { registeredGpOdsCode: 'B82001' });
      expect(answer.status).toBe(401);
      expect((await callService(service.url, 'GET', `/patients/${patientId}`)).body.registeredGpOdsCode).toBe('A81001');
    });
  });

  it('refuses staff whose organisation has no care relationship (403, audited DENIED), and lets them break glass (allowed, flagged, audited)', async () => {
    const patient = await register();
    const paramedic = await asStaff(PARAMEDIC);

    expect(await callService(service.url, 'GET', `/patients/${patient.id}`, undefined, paramedic)).toEqual({
      status: 403, body: { statusCode: 403, error: 'Forbidden', message: NO_RELATIONSHIP },
    });
    const brokenGlass = await callService(service.url, 'GET', `/patients/${patient.id}`, undefined, { ...paramedic, 'x-break-glass-reason': 'collapsed in the street, no ID on them' });
    expect(brokenGlass).toMatchObject({ status: 200, body: { id: patient.id, nhsNumber: patient.nhsNumber } });

    const [denied, allowed] = await auditOf(patient.id, 2);
    const accessor = { kind: 'STAFF', id: 'P445566', role: 'paramedic', odsCode: 'AMB01' };
    expect(denied).toMatchObject({
      accessor, what: 'identity:patient', purpose: 'DIRECT_CARE', breakGlass: false, outcome: 'DENIED', denialReason: NO_RELATIONSHIP, service: 'identity',
      metadata: { patientId: patient.id, actor: { type: 'PRACTITIONER', id: 'P445566', odsCode: 'AMB01' } },
    });
    expect(allowed).toMatchObject({
      accessor, what: 'identity:patient', purpose: 'BREAK_GLASS', breakGlass: true, breakGlassReason: 'collapsed in the street, no ID on them', outcome: 'ALLOWED',
    });
  });

  it('lets staff read once care-router says their organisation is related to the patient, without breaking glass', async () => {
    const patient = await register();
    const follow = { relationshipId: randomUUID(), odsCode: 'AMB01', kind: 'FOLLOW', sourceId: randomUUID(), startedAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'incident 4471' };
    await publishEvent(CareRouterEventType.CareRelationshipStarted, patient.id, follow);
    const paramedic = await asStaff(PARAMEDIC);
    await eventually('the follow known to identity', async () => (await callService(service.url, 'GET', `/patients/${patient.id}`, undefined, paramedic)).status === 200);
    // The reads before the follow arrived were refused; the one that was let in is audited as direct care.
    const [allowed] = await audit.waitFor((message) => message.key === patient.id && valueOf(message).outcome === 'ALLOWED');
    expect(valueOf(allowed)).toMatchObject({ purpose: 'DIRECT_CARE', breakGlass: false, breakGlassReason: null });
  });

  it('lets a patient find and read only their own record', async () => {
    const [mine, theirs] = [await register(), await register()];
    const me = await asPatient(mine.nhsNumber);
    expect(await callService(service.url, 'GET', `/patients/${mine.id}`, undefined, me)).toMatchObject({ status: 200, body: { id: mine.id } });
    expect(await callService(service.url, 'GET', `/patients?nhsNumber=${mine.nhsNumber}`, undefined, me)).toMatchObject({ status: 200, body: [{ id: mine.id }] });
    expect(await callService(service.url, 'GET', `/patients/${theirs.id}`, undefined, me)).toMatchObject({
      status: 403, body: { message: 'a patient may read only their own record' },
    });
    expect(await callService(service.url, 'GET', `/patients?nhsNumber=${theirs.nhsNumber}`, undefined, me)).toMatchObject({ status: 403 });
    // A patient changes nothing in identity: demographics are kept by staff.
    expect(await callService(service.url, 'PUT', `/patients/${mine.id}/nominated-pharmacy`, { nominatedPharmacyOdsCode: null }, me)).toMatchObject({ status: 403 });
    expect((await auditOf(theirs.id, 2)).map((event) => event.outcome)).toEqual(['DENIED', 'DENIED']);
  });
});

const valueOf = (message: TappedMessage) => (message.decoded as { value: PatientDataAccessed }).value;
