import { randomUUID } from 'node:crypto';
import { IdentityClient, ServiceProcess, ServiceUnderTest, startServiceProcess } from '@care-events/local-platform';
import { CareEvent } from '../src/domain/care-record';
import {
  allergyEnteredInError, allergyRecorded, booked, clinicalRecordsMerged, conditionRecorded, encounterStarted, event, medicationsMerged, metadata, prescribed,
  recordsMerged, registered, released, resultReported, stopped,
} from './care-events';
import { CareEventPublisher } from './care-event-publisher';
import { handled, recordOnceReady, startCareRecord } from './care-record-service';

const ids = (events: CareEvent[]) => events.map((e) => e.payload.metadata.eventId);

describe('care-record folding the five domain topics on the real broker, registry and PostgreSQL', () => {
  let service: ServiceUnderTest;
  const publisher = new CareEventPublisher();

  beforeAll(async () => {
    service = await startCareRecord();
  }, 120_000);

  afterAll(async () => {
    await publisher.close();
    await service?.stop();
  });

  it('keeps one record per patient from events of all five topics', async () => {
    const patientId = randomUUID();
    const [allergy, wrongAllergy, medication, stoppedMedication, report, appointment, encounter, condition] = Array.from({ length: 8 }, () => randomUUID());
    const story = [
      registered(patientId, { nhsNumber: '9990000018' }),
      allergyRecorded(patientId, allergy, 1), allergyRecorded(patientId, wrongAllergy, 2), allergyEnteredInError(patientId, wrongAllergy, 3),
      conditionRecorded(patientId, condition, 4), encounterStarted(patientId, encounter, 5),
      prescribed(patientId, medication, 6), prescribed(patientId, stoppedMedication, 7), stopped(patientId, stoppedMedication, 8),
      resultReported(patientId, report, 9), released(patientId, report, 1, 10),
      booked(patientId, appointment, '2030-01-01T10:00:00Z', 11),
    ];
    await publisher.publish(story);
    await handled(service, ids(story));

    const record = await recordOnceReady(service, patientId, () => true);
    expect(record).toMatchObject({ patientId, nhsNumber: '9990000018', registeredGpOdsCode: 'A81001', demographics: { name: { family: 'Smith' } } });
    expect(record.allergies.map((a) => a.allergyId)).toEqual([allergy]);
    expect(record.problems.map((p) => p.conditionId)).toEqual([condition]);
    expect(record.encounters.map((e) => e.encounterId)).toEqual([encounter]);
    expect(record.medications.map((m) => [m.medicationId, m.status, m.stopReason])).toEqual([[medication, 'ACTIVE', null], [stoppedMedication, 'STOPPED', 'rash']]);
    expect(record.results.map((r) => [r.reportId, r.critical, r.released])).toEqual([[report, true, true]]);
    expect(record.appointments.map((a) => [a.appointmentId, a.status])).toEqual([[appointment, 'BOOKED']]);
  });

  it('folds a merged-away record into the survivor, whichever topic is read first', async () => {
    const [superseded, survivor, allergy, medication] = Array.from({ length: 4 }, () => randomUUID());
    const before = [registered(superseded, { nhsNumber: '9990000026' }), registered(survivor, { nhsNumber: '9990000034' }), allergyRecorded(superseded, allergy), prescribed(superseded, medication)];
    await publisher.publish(before);
    await handled(service, ids(before));
    // The clinical topics' merges before identity's: each topic is read on its own.
    const merges = [clinicalRecordsMerged(superseded, survivor, { allergyIds: [allergy] }), medicationsMerged(superseded, survivor, [medication]), recordsMerged(superseded, survivor)];
    await publisher.publish(merges);
    await handled(service, ids(merges));

    const survived = await recordOnceReady(service, survivor, () => true);
    expect(survived.nhsNumber).toBe('9990000034');
    expect(survived.allergies.map((a) => a.allergyId)).toEqual([allergy]);
    expect(survived.medications.map((m) => m.medicationId)).toEqual([medication]);
    expect(await recordOnceReady(service, superseded, () => true)).toMatchObject({ supersededBy: survivor, allergies: [], medications: [] });
  });

  it('says when a patient died', async () => {
    const patientId = randomUUID();
    const story = [registered(patientId), event('care.events.identity.PatientDeceased', { metadata: metadata(patientId, 5), dateOfDeath: 20_000, correction: false })];
    await publisher.publish(story);
    expect((await recordOnceReady(service, patientId, (r) => r.deceased !== null)).deceased).toEqual({ dateOfDeath: '2024-10-04' });
  });

  describe('with the real identity service', () => {
    let identity: ServiceProcess;

    beforeAll(async () => {
      identity = await startServiceProcess('identity');
    }, 120_000);

    afterAll(async () => {
      await identity?.stop();
    });

    it('keeps the demographics identity publishes, without the address', async () => {
      const patientId = await new IdentityClient(identity.url).register({
        name: { prefix: 'Dr', given: ['Sam', 'Lee'], family: 'Patel' }, gender: 'female', birthDate: '1975-02-03',
        address: { lines: ['2 Park Row'], postcode: 'LS1 5HD' },
      });
      const record = await recordOnceReady(service, patientId, (r) => r.demographics !== null);
      expect(record.demographics).toEqual({ name: { prefix: 'Dr', given: ['Sam', 'Lee'], family: 'Patel' }, birthDate: '1975-02-03', gender: 'FEMALE' });
      expect(record.nhsNumber).toMatch(/^\d{10}$/);
      expect(JSON.stringify(record)).not.toContain('Park Row');
    });
  });
});
