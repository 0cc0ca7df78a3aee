import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppointmentsEventType, contractFor, EventType, IdentityEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { ClinicalServiceHarness, eventually, publishEvent } from '@care-events/local-platform';
import { ConsumedEvent } from '@care-events/messaging';
import { CareRelationshipsService } from '../src/application/care-relationships.service';
import { RelationshipExpirySweeper } from '../src/application/relationship-expiry.sweeper';
import { CareRouterModule } from '../src/care-router.module';
import {
  activeOf,
  asParamedic,
  callIdentity,
  encounter,
  followBody,
  HOUR,
  hoursAgo,
  RELATIONSHIP_TOPIC,
  RelationshipFeed,
  registeredPatient,
  relationshipsOf,
} from './relationships-fixtures';

const UE = { conceptId: '1000981000000109', term: 'Urea and electrolytes' };
const POTASSIUM = { code: { conceptId: '1000651000000109', term: 'Serum potassium level' }, value: 6.9, unit: 'mmol/L', referenceRange: null, interpretation: 'HH', critical: true };

describe('care relationships', () => {
  let harness: ClinicalServiceHarness;
  let feed: RelationshipFeed;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('care-router', CareRouterModule, {
      topic: RELATIONSHIP_TOPIC,
      env: { CARE_ROUTER_RELATIONSHIP_SWEEP_MS: '200' },
    });
    feed = new RelationshipFeed(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const sweep = () => harness.service.app.get(RelationshipExpirySweeper).sweepOnce();
  // The platform is shared: other patients' events keep arriving, so only this patient's rows count.
  const rowsOf = async (patientId: string) => [
    await harness.count(`care_relationship where patient_id = '${patientId}'`),
    await harness.count(`outbox_message where message_key = '${patientId}'`),
  ];

  describe('GP practice and nominated pharmacy', () => {
    it('start with the registration and change when identity changes them, each start and end published', async () => {
      const patientId = await registeredPatient(harness, { registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: 'FA123' });
      const gp = await feed.started(patientId, 'GP_PRACTICE', 'A81001');
      expect(gp).toMatchObject({ metadata: { patientId, actor: { type: 'SYSTEM', id: 'care-router' } }, sourceId: null, endsAt: null, reason: null });
      await feed.started(patientId, 'NOMINATED_PHARMACY', 'FA123');
      expect(await activeOf(harness, patientId)).toEqual(['GP_PRACTICE A81001', 'NOMINATED_PHARMACY FA123']);

      expect((await callIdentity(harness, 'PUT', `/patients/${patientId}/registered-gp`, { registeredGpOdsCode: 'B82002' })).status).toBe(200);
      const ended = await feed.ended(patientId, 'GP_PRACTICE', 'A81001');
      expect(ended).toMatchObject({ relationshipId: gp.relationshipId, why: 'SUPERSEDED_BY_CHANGE', startedAt: gp.startedAt });
      await feed.started(patientId, 'GP_PRACTICE', 'B82002');

      expect((await callIdentity(harness, 'PUT', `/patients/${patientId}/nominated-pharmacy`, { nominatedPharmacyOdsCode: null })).status).toBe(200);
      await feed.ended(patientId, 'NOMINATED_PHARMACY', 'FA123');
      expect(await activeOf(harness, patientId)).toEqual(['GP_PRACTICE B82002']);
      expect(await feed.summary(patientId)).toEqual([
        'Started GP_PRACTICE A81001',
        'Started NOMINATED_PHARMACY FA123',
        'Ended GP_PRACTICE A81001 SUPERSEDED_BY_CHANGE',
        'Started GP_PRACTICE B82002',
        'Ended NOMINATED_PHARMACY FA123 SUPERSEDED_BY_CHANGE',
      ]);
    });
  });

  describe('encounters', () => {
    it('relate the organisation from the start until the window after the end, then end by themselves', async () => {
      const patientId = await registeredPatient(harness);
      const current = encounter('RX9');
      await publishEvent(RecordsEventType.EncounterStarted, patientId, { ...current, startedAt: Date.now() });
      const started = await feed.started(patientId, 'ENCOUNTER', 'RX9');
      expect(started).toMatchObject({ sourceId: current.encounterId, endsAt: null });

      const endedAt = Date.now();
      await publishEvent(RecordsEventType.EncounterEnded, patientId, { ...current, startedAt: endedAt, endedAt });
      const scheduled = await eventually('the encounter scheduled to end', async () =>
        (await relationshipsOf(harness, patientId)).find((r) => r.kind === 'ENCOUNTER' && r.endsAt !== null),
      );
      expect(Date.parse(scheduled.endsAt) - Date.parse(scheduled.startedAt)).toBeGreaterThanOrEqual(72 * HOUR - 60_000);
      expect(scheduled.active).toBe(true);

      // Discharged 73 hours ago: the window has passed.
      const old = encounter('RYJ');
      await publishEvent(RecordsEventType.EncounterStarted, patientId, { ...old, startedAt: hoursAgo(80).getTime() }, { recordedAt: hoursAgo(80) });
      await publishEvent(RecordsEventType.EncounterEnded, patientId, { ...old, startedAt: hoursAgo(80).getTime(), endedAt: hoursAgo(73).getTime() }, { recordedAt: hoursAgo(73) });
      const ended = await feed.ended(patientId, 'ENCOUNTER', 'RYJ');
      expect(ended.why).toBe('WINDOW_ELAPSED');
      expect(ended.endedAt - ended.endsAt).toBe(0);
      expect(Math.abs(ended.endedAt - hoursAgo(1).getTime())).toBeLessThan(5 * 60_000);
      expect(await activeOf(harness, patientId)).toEqual(['ENCOUNTER RX9', 'GP_PRACTICE A81001']);
    });
  });

  describe('appointments', () => {
    const booking = (odsCode: string) => ({
      appointmentId: randomUUID(),
      slotId: randomUUID(),
      odsCode,
      service: 'Phlebotomy',
      start: Date.now() + HOUR,
      end: Date.now() + 2 * HOUR,
      bookedBy: 'STAFF',
    });

    it('relate the setting that holds the booking; attendance (no ODS code) ends it after the window', async () => {
      const patientId = await registeredPatient(harness);
      const kept = booking('RX9');
      await publishEvent(AppointmentsEventType.AppointmentBooked, patientId, kept, { recordedAt: hoursAgo(90) });
      await feed.started(patientId, 'APPOINTMENT', 'RX9');
      await publishEvent(AppointmentsEventType.AppointmentAttended, patientId, { appointmentId: kept.appointmentId, slotId: kept.slotId, start: kept.start }, { recordedAt: hoursAgo(73) });
      expect(await feed.ended(patientId, 'APPOINTMENT', 'RX9')).toMatchObject({ sourceId: kept.appointmentId, why: 'WINDOW_ELAPSED' });

      const cancelled = booking('RYJ');
      await publishEvent(AppointmentsEventType.AppointmentBooked, patientId, cancelled);
      await feed.started(patientId, 'APPOINTMENT', 'RYJ');
      await publishEvent(AppointmentsEventType.AppointmentCancelled, patientId, {
        appointmentId: cancelled.appointmentId, slotId: cancelled.slotId, start: cancelled.start, cancelledBy: 'PATIENT', reason: 'feeling better',
      });
      const scheduled = await eventually('the cancelled appointment scheduled to end', async () =>
        (await relationshipsOf(harness, patientId)).find((r) => r.kind === 'APPOINTMENT' && r.odsCode === 'RYJ' && r.endsAt !== null),
      );
      expect(scheduled.active).toBe(true);
    });
  });

  describe('results', () => {
    it('relate the requesting organisation for the window, and again for an amendment after it', async () => {
      const patientId = await registeredPatient(harness);
      const reportId = randomUUID();
      await publishEvent(ResultsEventType.ResultReported, patientId, {
        reportId, version: 1, testCode: UE, status: 'FINAL', performingLabOdsCode: 'RX9LAB', requestingOdsCode: 'B82002', effectiveAt: null, observations: [POTASSIUM], critical: true,
      }, { recordedAt: hoursAgo(75) });
      const first = await feed.started(patientId, 'RESULT', 'B82002');
      expect(first).toMatchObject({ sourceId: reportId });
      expect(first.endsAt - first.startedAt).toBe(72 * HOUR);
      await feed.ended(patientId, 'RESULT', 'B82002');

      await publishEvent(ResultsEventType.ResultAmended, patientId, {
        reportId, version: 2, amendsVersion: 1, reason: 'haemolysed sample', status: 'FINAL', observations: [{ ...POTASSIUM, value: 4.4, interpretation: 'N', critical: false }], critical: false,
      });
      const [, again] = await feed.of(patientId, (value, type) => type.endsWith('Started') && value.kind === 'RESULT', 2);
      expect(again).toMatchObject({ odsCode: 'B82002', sourceId: reportId });
      expect(await activeOf(harness, patientId)).toEqual(['GP_PRACTICE A81001', 'RESULT B82002']);
    });
  });

  describe('follows', () => {
    it('a follow over the API records reason and actor, is published, and ends by itself at until', async () => {
      const patientId = await registeredPatient(harness);
      const until = new Date(Date.now() + 1500);
      const answer = await harness.call('POST', '/follows', followBody(patientId, { until: until.toISOString() }), await asParamedic());
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        patientId, odsCode: 'AMB01', kind: 'FOLLOW', reason: 'Ambulance incident 4471: patient in our care', endsAt: until.toISOString(), active: true,
        createdBy: { type: 'PRACTITIONER', id: 'P445566', odsCode: 'AMB01' }, followId: answer.body.id,
      });
      const started = await feed.started(patientId, 'FOLLOW', 'AMB01');
      expect(started).toMatchObject({
        relationshipId: answer.body.id, sourceId: answer.body.id, reason: 'Ambulance incident 4471: patient in our care', endsAt: until.getTime(),
        metadata: { actor: { type: 'PRACTITIONER', id: 'P445566', odsCode: 'AMB01' } },
      });
      const ended = await feed.ended(patientId, 'FOLLOW', 'AMB01');
      expect(ended).toMatchObject({ relationshipId: answer.body.id, why: 'FOLLOW_EXPIRED', endedAt: until.getTime() });
      expect(await activeOf(harness, patientId)).toEqual(['GP_PRACTICE A81001']);
    });

    it("lets the staff of a followed patient's setting read the patient's relationships, and audits every read", async () => {
      const patientId = await registeredPatient(harness);
      const paramedic = await asParamedic();
      const read = (headers: Record<string, string>) => harness.call('GET', `/patients/${patientId}/relationships`, undefined, headers);
      expect(await read(paramedic)).toMatchObject({ status: 403, body: { message: expect.stringMatching(/^no active care relationship between AMB01/) } });
      const follow = await harness.call('POST', '/follows', followBody(patientId), paramedic);
      expect(follow.status).toBe(201);
      expect(await read(paramedic)).toMatchObject({ status: 200, body: { patientId } });
      const ended = await harness.call('DELETE', `/follows/${follow.body.id}`, undefined, paramedic);
      expect(ended.status).toBe(200);
      expect((await read(paramedic)).status).toBe(403);
      expect((await harness.call('GET', `/patients/${randomUUID()}/relationships`, undefined, paramedic)).status).toBe(404);
      const audited = await harness.db.query(
        `select payload->>'outcome' as outcome, payload->>'purpose' as purpose, payload->>'what' as what from outbox_message
          where event_type = 'care.events.audit.PatientDataAccessed' and message_key = $1 order by id`,
        [patientId],
      );
      expect(audited.rows).toEqual([
        { outcome: 'DENIED', purpose: 'DIRECT_CARE', what: 'care-router:relationships' },
        { outcome: 'ALLOWED', purpose: 'DIRECT_CARE', what: 'care-router:relationships' },
        { outcome: 'DENIED', purpose: 'DIRECT_CARE', what: 'care-router:relationships' },
      ]);
    });

    it('a follow ended early says who ended it; it cannot end twice, nor a second one start while it lasts', async () => {
      const patientId = await registeredPatient(harness);
      const follow = await harness.call('POST', '/follows', followBody(patientId), await asParamedic());
      expect(follow.status).toBe(201);
      const twice = await harness.call('POST', '/follows', followBody(patientId), await asParamedic());
      expect(twice).toMatchObject({ status: 409, body: { error: 'FOLLOW_ALREADY_ACTIVE', relationshipId: follow.body.id } });

      const ended = await harness.call('DELETE', `/follows/${follow.body.id}`, undefined, await asParamedic());
      expect(ended).toMatchObject({ status: 200, body: { endReason: 'FOLLOW_ENDED', active: false, endedBy: { id: 'P445566' } } });
      expect(await feed.ended(patientId, 'FOLLOW', 'AMB01')).toMatchObject({ why: 'FOLLOW_ENDED', metadata: { actor: { id: 'P445566' } } });
      expect((await harness.call('DELETE', `/follows/${follow.body.id}`, undefined, await asParamedic())).body.error).toBe('FOLLOW_ALREADY_ENDED');
      expect((await harness.call('DELETE', `/follows/${randomUUID()}`)).status).toBe(404);
      expect((await harness.call('POST', '/follows', followBody(patientId), await asParamedic())).status).toBe(201);
    });

    it.each([
      ['until more than 72 hours ahead', { until: new Date(Date.now() + 73 * HOUR).toISOString() }, 'until'],
      ['until in the past', { until: new Date(Date.now() - 1000).toISOString() }, 'until'],
      ['until not an instant', { until: 'tomorrow' }, 'until'],
      ['an empty reason', { reason: '  ' }, 'reason'],
      ['no reason', { reason: undefined }, 'reason'],
      ['a bad ODS code', { odsCode: 'A-1' }, 'odsCode'],
      ['a patientId that is no UUID', { patientId: 'nobody' }, 'patientId'],
      ['an unknown field', { crew: 'Red 4' }, 'crew'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_, overrides, field) => {
      const patientId = await registeredPatient(harness);
      const before = await rowsOf(patientId);
      const answer = await harness.call('POST', '/follows', followBody(patientId, overrides), await asParamedic());
      expect(answer.status).toBe(400);
      expect(answer.body.message.some((line: string) => line.startsWith(`${field}: `))).toBe(true);
      expect(await rowsOf(patientId)).toEqual(before);
    });

    it('refuses a patient identity has not registered (404); a bad patientId in the path is a 400', async () => {
      expect(await harness.call('POST', '/follows', followBody(randomUUID()), await asParamedic())).toMatchObject({ status: 404, body: { error: 'PATIENT_UNKNOWN' } });
      expect(await harness.call('GET', `/patients/${randomUUID()}/relationships`)).toMatchObject({ status: 404, body: { error: 'PATIENT_UNKNOWN' } });
      expect(await harness.call('GET', '/patients/nobody/relationships')).toMatchObject({ status: 400, body: { message: ['patientId: must be a patient id (UUID)'] } });
    });
  });

  describe('deaths and merges', () => {
    it('a death ends every relationship, follows included; a dead patient cannot be followed', async () => {
      const patientId = await registeredPatient(harness, { nominatedPharmacyOdsCode: 'FA123' });
      expect((await harness.call('POST', '/follows', followBody(patientId), await asParamedic())).status).toBe(201);
      await publishEvent(RecordsEventType.EncounterStarted, patientId, { ...encounter('RX9'), startedAt: Date.now() });
      await feed.started(patientId, 'ENCOUNTER', 'RX9');

      await harness.identity.recordDeath(patientId, new Date().toISOString().slice(0, 10));
      const ends = await feed.of(patientId, (value, type) => type.endsWith('Ended') && value.why === 'PATIENT_DECEASED', 4);
      expect(ends.map((end) => `${end.kind} ${end.odsCode}`).sort()).toEqual(['ENCOUNTER RX9', 'FOLLOW AMB01', 'GP_PRACTICE A81001', 'NOMINATED_PHARMACY FA123']);
      expect(await activeOf(harness, patientId)).toEqual([]);
      expect((await harness.call('GET', `/patients/${patientId}/relationships`)).body.deceased).toBe(true);
      expect((await harness.call('POST', '/follows', followBody(patientId, { odsCode: 'AMB02' }), await asParamedic())).body.error).toBe('PATIENT_DECEASED');
    });

    it('a merge moves the superseded record\'s relationships to the survivor, and the follow keeps its id', async () => {
      const superseded = await registeredPatient(harness, { registeredGpOdsCode: 'A81001' });
      const survivor = await registeredPatient(harness, { registeredGpOdsCode: 'B82002' });
      const follow = await harness.call('POST', '/follows', followBody(superseded), await asParamedic());
      const appointmentId = randomUUID();
      const slotId = randomUUID();
      await publishEvent(AppointmentsEventType.AppointmentBooked, superseded, {
        appointmentId, slotId, odsCode: 'RX9', service: 'Cardiology clinic', start: Date.now() + HOUR, end: Date.now() + 2 * HOUR, bookedBy: 'STAFF',
      });
      await feed.started(superseded, 'APPOINTMENT', 'RX9');

      await harness.identity.merge(superseded, survivor);
      const ends = await feed.of(superseded, (value, type) => type.endsWith('Ended') && value.why === 'PATIENTS_MERGED', 3);
      expect(ends.map((end) => `${end.kind} ${end.odsCode}`).sort()).toEqual(['APPOINTMENT RX9', 'FOLLOW AMB01', 'GP_PRACTICE A81001']);
      const moved = await feed.started(survivor, 'FOLLOW', 'AMB01');
      expect(moved).toMatchObject({ sourceId: follow.body.id, reason: follow.body.reason, endsAt: Date.parse(follow.body.endsAt) });
      await feed.started(survivor, 'APPOINTMENT', 'RX9');
      expect(await activeOf(harness, survivor)).toEqual(['APPOINTMENT RX9', 'FOLLOW AMB01', 'GP_PRACTICE B82002']);
      expect(await activeOf(harness, superseded)).toEqual([]);
      expect((await harness.call('GET', `/patients/${superseded}/relationships`)).body.survivingPatientId).toBe(survivor);
      // The survivor's appointments events name the appointment only: the moved relationship says whose it is.
      await publishEvent(AppointmentsEventType.AppointmentAttended, survivor, { appointmentId, slotId, start: Date.now() });
      await eventually('the moved appointment scheduled to end', async () =>
        (await relationshipsOf(harness, survivor)).find((r) => r.kind === 'APPOINTMENT' && r.endsAt !== null),
      );
      // The follow's id ends it wherever the merge took it.
      expect(await harness.call('DELETE', `/follows/${follow.body.id}`, undefined, await asParamedic())).toMatchObject({ status: 200, body: { patientId: survivor, endReason: 'FOLLOW_ENDED' } });
      expect((await feed.summary(survivor)).filter((line) => line.includes('GP_PRACTICE'))).toEqual(['Started GP_PRACTICE B82002']);
      expect((await harness.call('POST', '/follows', followBody(superseded, { odsCode: 'AMB02' }), await asParamedic())).body).toMatchObject({ error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor });
    });
  });

  describe('what routing is given', () => {
    const consumed = (type: EventType, patientId: string, body: object): ConsumedEvent => {
      const eventId = randomUUID();
      const metadata = { eventId, occurredAt: Date.now(), recordedAt: Date.now(), patientId, actor: { type: 'SYSTEM', id: 'test', odsCode: null }, correlationId: eventId, causationId: null };
      return { topic: contractFor(type).topic, partition: 0, offset: '0', key: patientId, headers: {}, eventType: type, eventId, value: { metadata, ...body }, rawValue: Buffer.alloc(0) };
    };
    const apply = (event: ConsumedEvent) =>
      harness.service.app.get(DataSource).transaction((manager) => harness.service.app.get(CareRelationshipsService).applyEvent(manager, event));

    it('the settings related just before and just after the event: an old GP sees the move away, a death reaches all', async () => {
      const patientId = await registeredPatient(harness, { registeredGpOdsCode: 'A81001' });
      expect((await harness.call('POST', '/follows', followBody(patientId), await asParamedic())).status).toBe(201);

      expect(await apply(consumed(IdentityEventType.PatientGpRegistrationChanged, patientId, { previousGpOdsCode: 'A81001', gpOdsCode: 'B82002' }))).toEqual({
        before: [{ odsCode: 'A81001', kind: 'GP_PRACTICE' }, { odsCode: 'AMB01', kind: 'FOLLOW' }],
        after: [{ odsCode: 'AMB01', kind: 'FOLLOW' }, { odsCode: 'B82002', kind: 'GP_PRACTICE' }],
        sensitive: false,
        registeredGp: 'B82002',
      });
      expect(await apply(consumed(IdentityEventType.PatientSensitivityChanged, patientId, { sensitive: true }))).toMatchObject({ sensitive: true });
      expect(await apply(consumed(IdentityEventType.PatientDeceased, patientId, { dateOfDeath: 20_000, correction: false }))).toEqual({
        before: [{ odsCode: 'AMB01', kind: 'FOLLOW' }, { odsCode: 'B82002', kind: 'GP_PRACTICE' }],
        after: [],
        sensitive: true,
        registeredGp: 'B82002',
      });
    });

    it('a patient whose registration the router has not seen is treated as sensitive', async () => {
      const patientId = randomUUID();
      expect(await apply(consumed(RecordsEventType.EncounterStarted, patientId, { ...encounter('RX9'), startedAt: Date.now() }))).toEqual({
        before: [],
        after: [{ odsCode: 'RX9', kind: 'ENCOUNTER' }],
        sensitive: true,
        registeredGp: null,
      });
    });
  });

  it('the sweep ends nothing before its time', async () => {
    const patientId = await registeredPatient(harness);
    expect((await harness.call('POST', '/follows', followBody(patientId), await asParamedic())).status).toBe(201);
    await feed.started(patientId, 'FOLLOW', 'AMB01');
    await sweep();
    expect(await activeOf(harness, patientId)).toEqual(['FOLLOW AMB01', 'GP_PRACTICE A81001']);
  });
});
