import { IdentityEventType } from '@care-events/contracts';
import { asPatient, asStaff, asSystem, ClinicalServiceHarness, Json, publishEvent } from '@care-events/local-platform';
import { ResultsModule } from '../src/results.module';
import { observation, PRACTITIONER, reportBody, SODIUM, TOPIC } from './results-fixtures';

const valueOf = (message: { decoded: unknown }) => (message.decoded as { value: Json }).value;

describe('results service on the real broker, registry and PostgreSQL', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('results', ResultsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const report = async (patientId: string, overrides = {}) => {
    const response = await harness.call('POST', '/reports', reportBody(patientId, overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number };
  };
  const written = async () => {
    const counts = await harness.db.query(`select (select count(*) from report) as reports, (select count(*) from report_version) as versions,
      (select count(*) from outbox_message) as outbox`);
    return counts.rows[0];
  };

  it('records a report and publishes ResultReported, critical when an observation is LL or HH', async () => {
    const patientId = await harness.newPatient();
    const response = await harness.call('POST', '/reports', reportBody(patientId, {
      observations: [observation('N'), observation('HH', { code: SODIUM, value: 161, referenceRange: { low: 133 } })],
    }), { ...(await asSystem('lims', ['patient-data:write'])), 'x-correlation-id': 'corr-lab-1' });
    expect(response.status).toBe(201);
    const created = response.body;
    expect(created).toMatchObject({ version: 1, status: 'final', requestingOdsCode: 'A81001', critical: true, released: false });

    const [message] = await harness.eventsOf(patientId);
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
    const patientId = await harness.newPatient();
    const before = await written();
    const response = await harness.call('POST', '/reports', reportBody(patientId, {
      testCode: { conceptId: '26958002', term: 'Glucose' },
      observations: [observation('N', { unit: 'mmol/l' }), observation('N', { referenceRange: { low: 6, high: 3 } })],
    }));
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(expect.arrayContaining([
      'testCode.conceptId: Verhoeff check digit does not match',
      'observations.0.unit: is not a known UCUM unit',
      'observations.1.referenceRange.low: must not be greater than high',
    ]));
    const empty = await harness.call('POST', '/reports', reportBody(patientId, { observations: [] }));
    expect(empty.status).toBe(400);
    expect(empty.body.message).toEqual(['observations: must contain at least one observation']);
    const future = await harness.call('POST', '/reports', reportBody(patientId, { effectiveAt: '2999-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ error: 'INVALID_REPORT', message: ['effectiveAt: must not be in the future'] });
    expect(await written()).toEqual(before);
  });

  it('amends the current version into the next one and publishes ResultAmended', async () => {
    const patientId = await harness.newPatient();
    const { id } = await report(patientId, { status: 'preliminary' });
    const response = await harness.call('POST', `/reports/${id}/amendments`, {
      amendsVersion: 1, reason: 'Haemolysed sample: repeated', status: 'final', observations: [observation('LL', { value: 2.1 })],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ version: 2, status: 'final', critical: true });

    const [, amended] = await harness.eventsOf(patientId, 2);
    expect(amended.headers.ce_type).toBe('care.events.results.ResultAmended');
    expect(valueOf(amended)).toMatchObject({
      reportId: id, version: 2, amendsVersion: 1, reason: 'Haemolysed sample: repeated', status: 'FINAL', critical: true,
      observations: [{ interpretation: 'LL', value: 2.1, critical: true }],
    });
    const current = (await harness.call('GET', `/reports/${id}`)).body;
    expect(current.history).toEqual([
      expect.objectContaining({ version: 1, status: 'preliminary', amendsVersion: null }),
      expect.objectContaining({ version: 2, status: 'final', amendsVersion: 1, reason: 'Haemolysed sample: repeated' }),
    ]);
  });

  it('refuses an amendment of an older or unknown version, or back to preliminary, writing nothing', async () => {
    const patientId = await harness.newPatient();
    const { id } = await report(patientId);
    const amend = (amendsVersion: number, status = 'final') =>
      harness.call('POST', `/reports/${id}/amendments`, { amendsVersion, reason: 'corrected', status, observations: [observation('H')] });
    expect((await amend(1)).status).toBe(201);
    const before = await written();

    const stale = await amend(1);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'VERSION_SUPERSEDED', message: 'version 1 was already amended; current is 2', currentVersion: 2 });
    const unknown = await amend(7);
    expect(unknown.status).toBe(409);
    expect(unknown.body.error).toBe('UNKNOWN_VERSION');
    const backwards = await amend(2, 'preliminary');
    expect(backwards.status).toBe(409);
    expect(backwards.body.error).toBe('FINAL_CANNOT_BECOME_PRELIMINARY');
    expect(await written()).toEqual(before);
    const missing = await harness.call('POST', '/reports/00000000-0000-4000-8000-000000000000/amendments', {
      amendsVersion: 1, reason: 'corrected', status: 'final', observations: [observation('N')],
    });
    expect(missing.status).toBe(404);
  });

  it('releases to the patient once per version and publishes ResultReleasedToPatient', async () => {
    const patientId = await harness.newPatient();
    const { id } = await report(patientId);
    const release = () => harness.call('POST', `/reports/${id}/release`, { releasedBy: PRACTITIONER });
    const released = await release();
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ version: 1, released: true, releasedVersion: 1 });
    const again = await release();
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ALREADY_RELEASED');

    await harness.call('POST', `/reports/${id}/amendments`, { amendsVersion: 1, reason: 'corrected', status: 'final', observations: [observation('H')] });
    expect((await harness.call('GET', `/reports/${id}`)).body).toMatchObject({ version: 2, released: false, releasedVersion: 1 });
    expect((await release()).status).toBe(200);

    const events = await harness.eventsOf(patientId, 4);
    expect(events.map((m) => m.headers.ce_type.split('.').pop())).toEqual([
      'ResultReported', 'ResultReleasedToPatient', 'ResultAmended', 'ResultReleasedToPatient',
    ]);
    expect(valueOf(events[1])).toMatchObject({
      reportId: id, version: 1, automatic: false, releasedBy: { practitionerId: 'G8123456', name: 'Dr A Clinician', odsCode: 'A81001' },
    });
    expect(valueOf(events[3])).toMatchObject({ reportId: id, version: 2, automatic: false });
  });

  it('shows a patient only the reports released to them, each as released, and audits every read', async () => {
    const nhsNumber = harness.identity.newNhsNumber();
    const patientId = await harness.identity.register({ nhsNumber });
    await harness.untilPatientIs(patientId, 'active');
    const { id } = await report(patientId);
    const held = await report(patientId, { status: 'preliminary' });
    const me = await asPatient(nhsNumber);
    expect(await harness.call('GET', `/reports?patientId=${patientId}`, undefined, me)).toMatchObject({ status: 200, body: [] });
    expect(await harness.call('GET', `/reports/${id}`, undefined, me)).toMatchObject({ status: 404, body: { error: 'REPORT_NOT_FOUND' } });

    await harness.call('POST', `/reports/${id}/release`, { releasedBy: PRACTITIONER });
    await harness.call('POST', `/reports/${id}/amendments`, { amendsVersion: 1, reason: 'corrected', status: 'final', observations: [observation('H')] });
    // The amendment waits for its own release: the patient still sees version 1, staff see version 2.
    const mine = await harness.call('GET', `/reports?patientId=${patientId}`, undefined, me);
    expect(mine).toMatchObject({ status: 200, body: [{ id, version: 1, released: true, history: [{ version: 1 }] }] });
    expect(mine.body[0].history).toHaveLength(1);
    expect(await harness.call('GET', `/reports/${id}`, undefined, me)).toMatchObject({ status: 200, body: { version: 1, released: true } });
    expect((await harness.call('GET', `/reports?patientId=${patientId}`)).body.map((r: Json) => [r.id, r.version])).toEqual(
      expect.arrayContaining([[id, 2], [held.id, 1]]),
    );
    expect(await harness.call('GET', `/reports/${held.id}`, undefined, await asPatient(harness.identity.newNhsNumber()))).toMatchObject({
      status: 403, body: { message: 'a patient may read only their own record' },
    });
    expect(await harness.call('GET', `/reports/${id}`, undefined, await asStaff({ odsCode: 'B82002' }))).toMatchObject({ status: 403 });
    const audited = await harness.db.query(
      `select count(*)::int as n from outbox_message where event_type = 'care.events.audit.PatientDataAccessed' and message_key = $1`, [patientId],
    );
    expect(audited.rows[0].n).toBe(7);
  });

  it("lists a patient's reports, accepts post-mortem results, and 404s an unknown patient or report", async () => {
    const patientId = await harness.newPatient();
    await harness.identity.recordDeath(patientId, '2026-11-20');
    await harness.untilPatientIs(patientId, 'deceased');
    const { id } = await report(patientId);
    expect((await harness.call('GET', `/reports?patientId=${patientId}`)).body.map((r: { id: string }) => r.id)).toEqual([id]);

    const stranger = await harness.call('POST', '/reports', reportBody('00000000-0000-4000-8000-000000000000'));
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toBe('PATIENT_UNKNOWN');
    expect((await harness.call('GET', '/reports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await harness.call('GET', '/reports/not-a-uuid')).status).toBe(400);
  });

  it('moves reports to the surviving patient on a merge and publishes ResultsMerged keyed by the survivor', async () => {
    const [duplicate, survivor] = await Promise.all([harness.newPatient(), harness.newPatient()]);
    const first = await report(duplicate);
    const second = await report(duplicate);
    await harness.identity.merge(duplicate, survivor);

    const [merged] = await harness.tap.waitFor((m) => m.key === survivor && m.headers.ce_type === 'care.events.results.ResultsMerged');
    expect(valueOf(merged)).toMatchObject({
      metadata: { patientId: survivor, actor: { type: 'SYSTEM', id: '/services/identity' } },
      supersededPatientId: duplicate,
      survivingPatientId: survivor,
      reportIds: [first.id, second.id].sort(),
    });
    const moved = (await harness.call('GET', `/reports?patientId=${survivor}`)).body;
    expect(moved.map((r: { id: string }) => r.id).sort()).toEqual([first.id, second.id].sort());
    const write = await harness.call('POST', '/reports', reportBody(duplicate));
    expect(write.status).toBe(409);
    expect(write.body).toMatchObject({ error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor });
    expect((await harness.call('POST', `/reports/${first.id}/release`, { releasedBy: PRACTITIONER })).status).toBe(200);
  });

  it("moves a merge's reports to the end of the chain, whichever of two chained merges is handled first", async () => {
    const [first, second, third] = [await harness.newPatient(), await harness.newPatient(), await harness.newPatient()];
    const { id } = await report(first);
    const reportIdsOf = async (patientId: string) => (await harness.call('GET', `/reports?patientId=${patientId}`)).body.map((r: { id: string }) => r.id);
    // Identity merged first into second, then second into third; their partitions deliver the later merge first.
    await harness.identity.merge(second, third);
    await harness.untilPatientIs(second, 'superseded');
    await publishEvent(IdentityEventType.PatientRecordsMerged, first, { supersededPatientId: first, survivingPatientId: second });
    await harness.untilPatientIs(first, 'superseded');
    expect(await reportIdsOf(third)).toEqual([id]);
    const [merged] = await harness.tap.waitFor((m) => m.headers.ce_type === 'care.events.results.ResultsMerged' && valueOf(m).supersededPatientId === first);
    expect(valueOf(merged)).toMatchObject({ metadata: { patientId: third }, survivingPatientId: third, reportIds: [id] });

    // And in identity's own order, the later merge takes along what the earlier one brought.
    const fourth = await harness.newPatient();
    await harness.identity.merge(third, fourth);
    await harness.untilPatientIs(third, 'superseded');
    expect(await reportIdsOf(fourth)).toEqual([id]);
  });
});
