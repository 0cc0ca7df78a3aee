import { randomUUID } from 'node:crypto';
import { validateResource } from '@medplum/core';
import {
  asPatient, asStaff, callService, checkRequiredBindings, eventually, loadR4Definitions, nhsNumbers, ServiceUnderTest, TEST_CLIENT_ID,
} from '@care-events/local-platform';
import { prescribed, registered, stopped } from './care-events';
import { CareEventPublisher } from './care-event-publisher';
import { handled, startCareRecord } from './care-record-service';

describe('care-record GET /fhir/{type}/{id} on the real platform, with real tokens', () => {
  let service: ServiceUnderTest;
  const publisher = new CareEventPublisher();
  const nextNhsNumber = nhsNumbers();
  const get = (path: string, headers: Record<string, string> = {}) => callService(service.url, 'GET', path, undefined, headers);

  beforeAll(async () => {
    loadR4Definitions();
    service = await startCareRecord();
  }, 120_000);

  afterAll(async () => {
    await publisher.close();
    await service?.stop();
  });

  it('answers the mapped resource once the event is applied, 409 NOT_YET_APPLIED before, and audits the read; names bad input, 404 unknown, 403 stranger', async () => {
    const [patientId, medicationId, nhsNumber] = [randomUUID(), randomUUID(), nextNhsNumber()];
    const story = [registered(patientId, { nhsNumber }), prescribed(patientId, medicationId, 1), stopped(patientId, medicationId, 3)];
    const stopEventId = story[2].payload.metadata.eventId;

    expect(await get(`/fhir/MedicationStatement/${medicationId}?appliedEvent=${stopEventId}`)).toMatchObject({ status: 409, body: { code: 'NOT_YET_APPLIED' } });
    await publisher.publish(story);
    await handled(service, story.map((e) => e.payload.metadata.eventId));

    const { status, body } = await get(`/fhir/MedicationStatement/${medicationId}?appliedEvent=${stopEventId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'MedicationStatement', id: medicationId, status: 'stopped', subject: expect.any(Object) });
    expect(() => validateResource(body)).not.toThrow();
    expect(checkRequiredBindings(body).violations).toEqual([]);
    expect(await get(`/fhir/Patient/${patientId}`)).toMatchObject({ status: 200, body: { resourceType: 'Patient', id: patientId } });

    const log = await eventually('the resource reads in the access log', async () => {
      const answer = await get(`/patients/${patientId}/access-log`, await asPatient(nhsNumber));
      const reads = answer.body.entries?.filter((e: { what: string }) => e.what === 'care-record:fhir-resource') ?? [];
      return reads.length >= 2 ? reads : undefined;
    });
    expect(log[0]).toMatchObject({ accessor: { id: TEST_CLIENT_ID }, outcome: 'ALLOWED' });

    const stranger = await asStaff({ userId: 'P7654322', odsCode: 'RX8AM', role: 'paramedic' });
    expect((await get(`/fhir/MedicationStatement/${medicationId}`, stranger)).status).toBe(403);
    expect((await get(`/fhir/MedicationStatement/${randomUUID()}`)).status).toBe(404);
    expect(await get(`/fhir/Medication/${medicationId}`)).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/^type: must be one of /)] } });
    expect(await get('/fhir/MedicationStatement/nope')).toMatchObject({ status: 400, body: { message: ['id: must be a resource id (UUID)'] } });
    expect(await get(`/fhir/MedicationStatement/${medicationId}?appliedEvent=x`)).toMatchObject({ status: 400, body: { message: ['appliedEvent: must be an event id (UUID)'] } });
  }, 120_000);
});
