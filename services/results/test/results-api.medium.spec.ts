import { Client } from 'pg';
import {
  eventually, IdentityClient, knownPatientStatus, ServiceProcess, ServiceUnderTest, startServiceProcess, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { ResultsModule } from '../src/results.module';
import { observation, reportBody, SODIUM } from './results-fixtures';

const TOPIC = 'results.report.v1';
const PRACTITIONER = { practitionerId: 'G8123456', name: 'Dr A Clinician', odsCode: 'a81001' };

// Response bodies are checked field by field below; their static type adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const json = async (response: Response): Promise<Json> => response.json();
const valueOf = (message: { decoded: unknown }) => (message.decoded as { value: Json }).value;

describe('results service on the real broker, registry and PostgreSQL', () => {
  let identity: ServiceProcess;
  let patients: IdentityClient;
  let service: ServiceUnderTest;
  let tap: TopicTap;
  let db: Client;

  beforeAll(async () => {
    [identity, service, tap] = await Promise.all([startServiceProcess('identity'), startServiceUnderTest('results', ResultsModule), tapTopics([TOPIC])]);
    patients = new IdentityClient(identity.url);
    db = new Client({ connectionString: service.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await tap?.stop();
    await Promise.all([service?.stop(), identity?.stop()]);
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const knownPatient = async (status = 'active') => {
    const patientId = await patients.register();
    await eventually('patient known', async () => (await knownPatientStatus(service.database.url, patientId)) === status);
    return patientId;
  };
  const report = async (patientId: string, overrides = {}) => {
    const response = await call('POST', '/reports', reportBody(patientId, overrides));
    expect(response.status).toBe(201);
    return (await json(response)) as { id: string; version: number };
  };
  const eventsOf = (patientId: string, count = 1) => tap.waitFor((m) => m.key === patientId, count);
  const written = async () => {
    const counts = await db.query(`select (select count(*) from report) as reports, (select count(*) from report_version) as versions,
      (select count(*) from outbox_message) as outbox`);
    return counts.rows[0];
  };

  it('records a report and publishes ResultReported, critical when an observation is LL or HH', async () => {
    const patientId = await knownPatient();
    const response = await call('POST', '/reports', reportBody(patientId, {
      observations: [observation('N'), observation('HH', { code: SODIUM, value: 161, referenceRange: { low: 133 } })],
    }), { 'x-actor-type': 'SYSTEM', 'x-actor-id': 'lims', 'x-correlation-id': 'corr-lab-1' });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toMatchObject({ version: 1, status: 'final', requestingOdsCode: 'A81001', critical: true, released: false });

    const [message] = await eventsOf(patientId);
    expect(message.headers).toMatchObject({
      ce_type: 'care.events.results.ResultReported',
      ce_source: '/services/results',
      ce_subject: patientId,
      'content-type': 'application/avro',
    });
    expect(valueOf(message)).toMatchObject({
      metadata: { patientId, actor: { type: 'SYSTEM', id: 'lims', odsCode: null }, correlationId: 'corr-lab-1' },
      reportId: created.id,
      version: 1,
      testCode: { conceptId: '1000981000000109', term: 'Urea and electrolytes' },
      status: 'FINAL',
      performingLabOdsCode: 'RX9',
      requestingOdsCode: 'A81001',
      effectiveAt: Date.parse('2026-11-25T08:30:00Z'),
      observations: [
        { interpretation: 'N', critical: false, value: 4.2, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 } },
        { interpretation: 'HH', critical: true, value: 161, code: SODIUM, referenceRange: { low: 133, high: null } },
      ],
      critical: true,
    });
  });

  it('refuses bad input with a 400 naming each field, and writes nothing', async () => {
    const patientId = await knownPatient();
    const before = await written();
    const response = await call('POST', '/reports', reportBody(patientId, {
      testCode: { conceptId: '26958002', term: 'Glucose' },
      observations: [observation('N', { unit: 'mmol/l' }), observation('N', { referenceRange: { low: 6, high: 3 } })],
    }));
    expect(response.status).toBe(400);
    expect((await json(response)).message).toEqual(expect.arrayContaining([
      'testCode.conceptId: Verhoeff check digit does not match',
      'observations.0.unit: is not a known UCUM unit',
      'observations.1.referenceRange.low: must not be greater than high',
    ]));
    const empty = await call('POST', '/reports', reportBody(patientId, { observations: [] }));
    expect(empty.status).toBe(400);
    expect((await json(empty)).message).toEqual(['observations: must contain at least one observation']);
    const future = await call('POST', '/reports', reportBody(patientId, { effectiveAt: '2999-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    expect(await json(future)).toMatchObject({ error: 'INVALID_REPORT', message: ['effectiveAt: must not be in the future'] });
    expect(await written()).toEqual(before);
  });

  it('amends the current version into the next one and publishes ResultAmended', async () => {
    const patientId = await knownPatient();
    const { id } = await report(patientId, { status: 'preliminary' });
    const response = await call('POST', `/reports/${id}/amendments`, {
      amendsVersion: 1, reason: 'Haemolysed sample: repeated', status: 'final', observations: [observation('LL', { value: 2.1 })],
    });
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ version: 2, status: 'final', critical: true });

    const [, amended] = await eventsOf(patientId, 2);
    expect(amended.headers.ce_type).toBe('care.events.results.ResultAmended');
    expect(valueOf(amended)).toMatchObject({
      reportId: id, version: 2, amendsVersion: 1, reason: 'Haemolysed sample: repeated', status: 'FINAL', critical: true,
      observations: [{ interpretation: 'LL', value: 2.1, critical: true }],
    });
    const current = await json(await call('GET', `/reports/${id}`));
    expect(current.history).toEqual([
      expect.objectContaining({ version: 1, status: 'preliminary', amendsVersion: null }),
      expect.objectContaining({ version: 2, status: 'final', amendsVersion: 1, reason: 'Haemolysed sample: repeated' }),
    ]);
  });

  it('refuses an amendment of an older or unknown version, or back to preliminary, writing nothing', async () => {
    const patientId = await knownPatient();
    const { id } = await report(patientId);
    const amend = (amendsVersion: number, status = 'final') =>
      call('POST', `/reports/${id}/amendments`, { amendsVersion, reason: 'corrected', status, observations: [observation('H')] });
    expect((await amend(1)).status).toBe(201);
    const before = await written();

    const stale = await amend(1);
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ error: 'VERSION_SUPERSEDED', message: 'version 1 was already amended; current is 2', currentVersion: 2 });
    const unknown = await amend(7);
    expect(unknown.status).toBe(409);
    expect((await json(unknown)).error).toBe('UNKNOWN_VERSION');
    const backwards = await amend(2, 'preliminary');
    expect(backwards.status).toBe(409);
    expect((await json(backwards)).error).toBe('FINAL_CANNOT_BECOME_PRELIMINARY');
    expect(await written()).toEqual(before);
    const missing = await call('POST', '/reports/00000000-0000-4000-8000-000000000000/amendments', {
      amendsVersion: 1, reason: 'corrected', status: 'final', observations: [observation('N')],
    });
    expect(missing.status).toBe(404);
  });

  it('releases to the patient once per version and publishes ResultReleasedToPatient', async () => {
    const patientId = await knownPatient();
    const { id } = await report(patientId);
    const release = () => call('POST', `/reports/${id}/release`, { releasedBy: PRACTITIONER });
    const released = await release();
    expect(released.status).toBe(200);
    expect(await json(released)).toMatchObject({ version: 1, released: true, releasedVersion: 1 });
    const again = await release();
    expect(again.status).toBe(409);
    expect((await json(again)).error).toBe('ALREADY_RELEASED');

    await call('POST', `/reports/${id}/amendments`, { amendsVersion: 1, reason: 'corrected', status: 'final', observations: [observation('H')] });
    expect(await json(await call('GET', `/reports/${id}`))).toMatchObject({ version: 2, released: false, releasedVersion: 1 });
    expect((await release()).status).toBe(200);

    const events = await eventsOf(patientId, 4);
    expect(events.map((m) => m.headers.ce_type.split('.').pop())).toEqual([
      'ResultReported', 'ResultReleasedToPatient', 'ResultAmended', 'ResultReleasedToPatient',
    ]);
    expect(valueOf(events[1])).toMatchObject({
      reportId: id, version: 1, automatic: false, releasedBy: { practitionerId: 'G8123456', name: 'Dr A Clinician', odsCode: 'A81001' },
    });
    expect(valueOf(events[3])).toMatchObject({ reportId: id, version: 2, automatic: false });
  });

  it("lists a patient's reports, accepts post-mortem results, and 404s an unknown patient or report", async () => {
    const patientId = await knownPatient();
    await patients.recordDeath(patientId, '2026-11-20');
    await eventually('death known', async () => (await knownPatientStatus(service.database.url, patientId)) === 'deceased');
    const { id } = await report(patientId);
    expect((await json(await call('GET', `/reports?patientId=${patientId}`))).map((r: { id: string }) => r.id)).toEqual([id]);

    const stranger = await call('POST', '/reports', reportBody('00000000-0000-4000-8000-000000000000'));
    expect(stranger.status).toBe(404);
    expect((await json(stranger)).error).toBe('PATIENT_UNKNOWN');
    expect((await call('GET', '/reports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/reports/not-a-uuid')).status).toBe(400);
  });

  it('moves reports to the surviving patient on a merge and publishes ResultsMerged keyed by the survivor', async () => {
    const [duplicate, survivor] = await Promise.all([knownPatient(), knownPatient()]);
    const first = await report(duplicate);
    const second = await report(duplicate);
    await patients.merge(duplicate, survivor);

    const [merged] = await tap.waitFor((m) => m.key === survivor && m.headers.ce_type === 'care.events.results.ResultsMerged');
    expect(valueOf(merged)).toMatchObject({
      metadata: { patientId: survivor, actor: { type: 'SYSTEM', id: '/services/identity' } },
      supersededPatientId: duplicate,
      survivingPatientId: survivor,
      reportIds: [first.id, second.id].sort(),
    });
    const moved = await json(await call('GET', `/reports?patientId=${survivor}`));
    expect(moved.map((r: { id: string }) => r.id).sort()).toEqual([first.id, second.id].sort());
    const write = await call('POST', '/reports', reportBody(duplicate));
    expect(write.status).toBe(409);
    expect(await json(write)).toMatchObject({ error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor });
    expect((await call('POST', `/reports/${first.id}/release`, { releasedBy: PRACTITIONER })).status).toBe(200);
  });
});
