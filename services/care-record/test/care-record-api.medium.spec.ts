import { randomUUID } from 'node:crypto';
import { CareRouterEventType } from '@care-events/contracts';
import {
  asPatient, asStaff, callService, defaultAuthorization, eventually, Json, nhsNumbers, publishEvent, ServiceUnderTest, TEST_CLIENT_ID,
} from '@care-events/local-platform';
import { allergyRecorded, booked, event, metadata, prescribed, registered, released, resultReported } from './care-events';
import { CareEventPublisher } from './care-event-publisher';
import { handled, recordOnceReady, startCareRecord } from './care-record-service';

const SOURCE_TOPICS = ['identity.patient.v1', 'records.clinical.v1', 'medications.medication.v1', 'appointments.appointment.v1', 'results.report.v1'];

describe('care-record API on the real platform, with real tokens', () => {
  let service: ServiceUnderTest;
  const publisher = new CareEventPublisher();
  const nextNhsNumber = nhsNumbers();
  const get = (path: string, headers: Record<string, string> = {}) => callService(service.url, 'GET', path, undefined, headers);

  /** A registered patient with an allergy, a medication, a released and an unreleased result, and two appointments either side of now. */
  async function patientWithHistory() {
    const patientId = randomUUID();
    const nhsNumber = nextNhsNumber();
    const [releasedReport, heldReport] = [randomUUID(), randomUUID()];
    const story = [
      registered(patientId, { nhsNumber }), allergyRecorded(patientId, randomUUID(), 1), prescribed(patientId, randomUUID(), 1),
      resultReported(patientId, releasedReport, 2), released(patientId, releasedReport, 1, 3), resultReported(patientId, heldReport, 4),
      booked(patientId, randomUUID(), '2020-01-01T10:00:00Z', 5), booked(patientId, randomUUID(), '2099-01-01T10:00:00Z', 6),
    ];
    await publisher.publish(story);
    await handled(service, story.map((e) => e.payload.metadata.eventId));
    return { patientId, nhsNumber, releasedReport, heldReport };
  }

  async function relate(patientId: string, odsCode: string) {
    const eventId = await publishEvent(CareRouterEventType.CareRelationshipStarted, patientId, {
      relationshipId: randomUUID(), odsCode, kind: 'FOLLOW', sourceId: randomUUID(), startedAt: Date.now(), endsAt: Date.now() + 3_600_000, reason: 'ambulance on scene',
    });
    await handled(service, [eventId]);
  }

  beforeAll(async () => {
    service = await startCareRecord();
  }, 120_000);

  afterAll(async () => {
    await publisher.close();
    await service?.stop();
  });

  it('answers the whole record with its appointments split around now and the freshness of each source topic', async () => {
    const { patientId, releasedReport, heldReport } = await patientWithHistory();
    const { status, body } = await get(`/patients/${patientId}/care-record`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ patientId, allergies: [expect.any(Object)], supersededBy: null });
    expect(body.results.map((r: { reportId: string }) => r.reportId)).toEqual([heldReport, releasedReport]);
    expect(body.appointments.upcoming.map((a: { start: string }) => a.start)).toEqual(['2099-01-01T10:00:00.000Z']);
    expect(body.appointments.past.map((a: { start: string }) => a.start)).toEqual(['2020-01-01T10:00:00.000Z']);
    expect(body.freshness.map((f: { topic: string }) => f.topic)).toEqual(SOURCE_TOPICS);
    for (const topic of body.freshness) expect(topic).toEqual({ topic: topic.topic, latestEventRecordedAt: expect.any(String), lag: expect.any(Number), lagMeasuredAt: expect.any(String) });
  });

  it('finds the record by NHS number, and names a bad NHS number, id or format', async () => {
    const { patientId, nhsNumber } = await patientWithHistory();
    const spaced = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
    expect((await get(`/patients/by-nhs-number/${encodeURIComponent(spaced)}/care-record`)).body.patientId).toBe(patientId);
    // A number has one check digit: any other last digit is wrong (a fixed "1" was the right one for a tenth of numbers).
    const wrongCheckDigit = `${nhsNumber.slice(0, 9)}${(Number(nhsNumber[9]) + 1) % 10}`;
    expect(await get(`/patients/by-nhs-number/${wrongCheckDigit}/care-record`)).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/^nhsNumber: /)] } });
    expect(await get('/patients/by-nhs-number/123/care-record')).toMatchObject({ status: 400, body: { message: ['nhsNumber: must be 10 digits'] } });
    expect(await get('/patients/not-a-uuid/care-record')).toMatchObject({ status: 400, body: { message: ['id: must be a patient id (UUID)'] } });
    expect(await get(`/patients/${patientId}/care-record?format=xml`)).toMatchObject({ status: 400, body: { message: ['format: must be one of json, fhir'] } });
    expect(await get(`/patients/by-nhs-number/${nextNhsNumber()}/care-record`)).toMatchObject({ status: 404 });
    expect(await get(`/patients/${randomUUID()}/care-record`)).toMatchObject({ status: 404 });
  });

  it('answers a FHIR R4 Bundle with ?format=fhir', async () => {
    const { patientId } = await patientWithHistory();
    const response = await fetch(`${service.url}/patients/${patientId}/care-record?format=fhir`, { headers: await defaultAuthorization() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = (await response.json()) as Json;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'AllergyIntolerance', 'DiagnosticReport', 'Appointment']));
  });

  it('refuses a caller without a token', async () => {
    const response = await fetch(`${service.url}/patients/${randomUUID()}/care-record`);
    expect(response.status).toBe(401);
  });

  it('shows a patient their own record with only the results released to them, and no one else\'s', async () => {
    const mine = await patientWithHistory();
    const theirs = await patientWithHistory();
    const own = await get(`/patients/${mine.patientId}/care-record`, await asPatient(mine.nhsNumber));
    expect(own.status).toBe(200);
    expect(own.body.results.map((r: { reportId: string }) => r.reportId)).toEqual([mine.releasedReport]);
    const fhir = await get(`/patients/${mine.patientId}/care-record?format=fhir`, await asPatient(mine.nhsNumber));
    expect(JSON.stringify(fhir.body)).not.toContain(mine.heldReport);
    const other = await get(`/patients/${theirs.patientId}/care-record`, await asPatient(mine.nhsNumber));
    expect(other).toMatchObject({ status: 403, body: { message: 'a patient may read only their own record' } });
    expect((await get(`/patients/by-nhs-number/${theirs.nhsNumber}/care-record`, await asPatient(mine.nhsNumber))).status).toBe(403);
    expect((await get(`/patients/${mine.patientId}/care-record`, await asPatient(mine.nhsNumber, 'P5'))).status).toBe(403);
  });

  it('lets staff read under a care relationship or by break-glass, and refuses them otherwise', async () => {
    const { patientId } = await patientWithHistory();
    const crew = await asStaff({ userId: 'P1234567', odsCode: 'RX9AM', role: 'paramedic' });
    const refused = await get(`/patients/${patientId}/care-record`, crew);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/X-Break-Glass-Reason/);
    expect((await get(`/patients/${patientId}/care-record`, { ...crew, 'x-break-glass-reason': 'unconscious at roadside' })).status).toBe(200);
    expect(await get(`/patients/${patientId}/care-record`, { ...crew, 'x-break-glass-reason': '  ' })).toMatchObject({ status: 400 });
    await relate(patientId, 'RX9AM');
    const related = await get(`/patients/${patientId}/care-record`, crew);
    expect(related.status).toBe(200);
    expect(related.body.results).toHaveLength(2);
  });

  it('lists for the patient every read of their data, allowed or denied, latest first', async () => {
    const { patientId, nhsNumber } = await patientWithHistory();
    const crew = await asStaff({ userId: 'P7654321', odsCode: 'RX8AM', role: 'paramedic' });
    await get(`/patients/${patientId}/care-record`, crew);
    await get(`/patients/${patientId}/care-record`, { ...crew, 'x-break-glass-reason': 'cardiac arrest' });
    await get(`/patients/${patientId}/care-record`);
    const patient = await asPatient(nhsNumber);

    const log = await eventually('the three reads in the access log', async () => {
      const answer = await get(`/patients/${patientId}/access-log`, patient);
      return answer.status === 200 && answer.body.entries.filter((e: { what: string }) => e.what === 'care-record:care-record').length >= 3 ? answer.body : undefined;
    });
    const reads = log.entries.filter((e: { what: string }) => e.what === 'care-record:care-record');
    expect(reads).toHaveLength(3);
    expect(reads.map((e: { accessor: { id: string }; outcome: string; breakGlass: boolean }) => [e.accessor.id, e.outcome, e.breakGlass])).toEqual([
      [TEST_CLIENT_ID, 'ALLOWED', false], ['P7654321', 'ALLOWED', true], ['P7654321', 'DENIED', false],
    ]);
    expect(reads[1]).toMatchObject({ accessor: { kind: 'STAFF', role: 'paramedic', odsCode: 'RX8AM' }, purpose: 'BREAK_GLASS', breakGlassReason: 'cardiac arrest', service: 'care-record' });
    expect((await get(`/patients/${patientId}/access-log`, crew)).status).toBe(403);
    const other = await patientWithHistory();
    expect((await get(`/patients/${patientId}/access-log`, await asPatient(other.nhsNumber))).status).toBe(403);
    expect(await get(`/patients/${patientId}/access-log?limit=0`, patient)).toMatchObject({ status: 400, body: { message: ['limit: must be at least 1'] } });
  });

  it('gives each source topic the time of the latest event applied, and a lag that falls to zero', async () => {
    const patientId = randomUUID();
    const future = Date.now() + 86_400_000;
    const late = event('care.events.results.ResultReported', { ...resultReported(patientId, randomUUID()).payload, metadata: { ...metadata(patientId), recordedAt: future } } as never);
    await publisher.publish([registered(patientId), late]);
    await recordOnceReady(service, patientId, (r) => r.results.length === 1);
    const freshness = await eventually('no lag on any source topic', async () => {
      const { body } = await get(`/patients/${patientId}/care-record`);
      return body.freshness.every((f: { lag: number }) => f.lag === 0) ? body.freshness : undefined;
    });
    expect(freshness.find((f: { topic: string }) => f.topic === 'results.report.v1').latestEventRecordedAt).toBe(new Date(future).toISOString());
  });
});

