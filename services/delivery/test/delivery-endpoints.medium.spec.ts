import { Webhook } from 'standardwebhooks';
import type { Bundle, Parameters, Subscription } from '@medplum/fhirtypes';
import { PATIENT_DATA_READ, PATIENT_DATA_WRITE } from '@care-events/auth';
import { asPatient, asStaff, asSystem, callService, CallHeaders, eventually, ServiceClock, ServiceUnderTest } from '@care-events/local-platform';
import { backportProblems, r4Issues } from './backport-checks';
import { asAdministrator, DeliveryWorld, freshOdsCode } from './delivery-world';
import { Receiver } from './receiver';
import { SettingFeed } from './setting-feed';

/** Verifies a request the receiver recorded under one secret alone. */
const verifies = (secret: string, arrival: { body: string; headers: Record<string, string> }): boolean => {
  try {
    new Webhook(secret).verify(arrival.body, arrival.headers);
    return true;
  } catch {
    return false;
  }
};

const parameter = (body: string, name: string) => ((JSON.parse(body) as Bundle).entry?.[0].resource as Parameters).parameter?.find((p) => p.name === name);

describe('delivery endpoints: handshake, heartbeat, secret rotation, who may do what', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let clock: ServiceClock;
  const receivers: Receiver[] = [];

  const receiver = async (content?: 'empty' | 'id-only') => {
    const started = await Receiver.start(content);
    receivers.push(started);
    return started;
  };

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery, clock } = await world.inProcess());
  }, 120_000);

  afterAll(async () => {
    await delivery?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await world?.stop();
  });

  describe('the handshake', () => {
    it('comes before any event: the endpoint is active once it is answered', async () => {
      const feed = await world.setting();
      await feed.publishRange(1, 2);
      const hospital = await receiver('id-only');
      const { id, secret } = await world.register(feed, hospital, { format: 'fhir-backport' });
      await hospital.waitFor('events 1 and 2', (r) => r.acknowledged().join() === '1,2');

      const [handshake, ...rest] = hospital.arrivals;
      expect(handshake.kind).toBe('handshake');
      expect(handshake.messageId).toMatch(/^hs_/);
      expect(parameter(handshake.body, 'status')?.valueCode).toBe('requested');
      expect(parameter(handshake.body, 'events-since-subscription-start')?.valueString).toBe('0');
      expect(rest.map((a) => a.kind)).toEqual(['event', 'event']);
      expect(hospital.arrivals.flatMap((a) => a.problems)).toEqual([]);
      expect(verifies(secret, handshake)).toBe(true);

      const attempts = await world.asSetting(feed, 'GET', `/endpoints/${id}/attempts`);
      expect(attempts.body.map((a: { kind: string; outcome: string }) => `${a.kind}:${a.outcome}`)).toEqual(['event:delivered', 'event:delivered', 'handshake:delivered']);
      const [newest] = (await world.asSetting(feed, 'GET', `/endpoints/${id}/attempts?limit=1`)).body;
      const older = (await world.asSetting(feed, 'GET', `/endpoints/${id}/attempts?beforeId=${newest.id}`)).body;
      expect([newest.eventNumber, ...older.map((a: { eventNumber: number | null }) => a.eventNumber)]).toEqual([2, 1, null]);
      expect((await world.asSetting(feed, 'GET', `/endpoints/${id}/attempts?eventNumber=1`)).body.map((a: { eventNumber: number }) => a.eventNumber)).toEqual([1]);
    });

    it('refused leaves the endpoint in error with the reason and sends nothing more; handshaken again once answered, it delivers', async () => {
      const feed = await world.setting();
      await feed.publishRange(1, 2);
      const practice = await receiver();
      practice.answer({ status: 401 });
      const registered = await world.asSetting(feed, 'POST', '/endpoints', { subscriptionId: feed.subscriptionId, format: 'standard-webhooks', url: practice.url, heartbeatPeriodSeconds: 0 });
      expect(registered.status).toBe(201);
      expect(registered.body.endpoint).toMatchObject({ status: 'error', statusReason: 'handshake refused: HTTP 401', cursor: { lastAcknowledgedNumber: 0 } });
      const id = registered.body.endpoint.id;

      clock.advance(3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(practice.arrivals.map((a) => a.kind)).toEqual(['handshake']);
      expect((await world.asSetting(feed, 'POST', `/endpoints/${id}/resume`)).status).toBe(409);

      practice.answer('ok');
      practice.useSecrets(registered.body.secret);
      const again = await world.asSetting(feed, 'POST', `/endpoints/${id}/$handshake`);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'active', statusReason: null });
      await practice.waitFor('events 1 and 2', (r) => r.acknowledged().join() === '1,2');
      expect(practice.arrivals.map((a) => a.kind)).toEqual(['handshake', 'handshake', 'event', 'event']);
      expect(practice.arrivals.slice(1).flatMap((a) => a.problems)).toEqual([]);

      const twice = await world.asSetting(feed, 'POST', `/endpoints/${id}/$handshake`);
      expect(twice.status).toBe(409);
      expect(twice.body.message).toBe('an endpoint that is active cannot take the action handshake');
    });
  });

  describe('heartbeats', () => {
    it.each(['standard-webhooks', 'fhir-backport'] as const)('%s: after the period of silence, carry the last event number', async (format) => {
      const feed = await world.setting();
      const setting = await receiver();
      const { id } = await world.register(feed, setting, { format, heartbeatPeriodSeconds: 60 });
      await feed.publishRange(1, 3);
      await setting.waitFor('events 1 to 3', (r) => r.acknowledged().join() === '1,2,3');
      // The period runs from the last notification the worker committed.
      await eventually('cursor 3', async () => (await world.asSetting(feed, 'GET', `/endpoints/${id}`)).body.cursor.lastAcknowledgedNumber === 3);
      expect(setting.arrivals.filter((a) => a.kind === 'heartbeat')).toEqual([]);

      clock.advance(61_000);
      await setting.waitFor('a heartbeat', (r) => r.arrivals.some((a) => a.kind === 'heartbeat'));
      const heartbeat = setting.arrivals.find((a) => a.kind === 'heartbeat')!;
      expect(heartbeat.messageId).toMatch(/^hb_/);
      expect(heartbeat.problems).toEqual([]);
      const last = format === 'fhir-backport' ? parameter(heartbeat.body, 'events-since-subscription-start')?.valueString : String(JSON.parse(heartbeat.body).data.lastEventNumber);
      expect(last).toBe('3');
    });
  });

  describe('secret rotation', () => {
    it('signs with both secrets during the overlap, so receivers holding either verify; an ended secret signs no more', async () => {
      const feed = await world.setting();
      const practice = await receiver();
      const { id, secret: first } = await world.register(feed, practice);
      await feed.publishRange(1, 1);
      await practice.waitFor('event 1', (r) => r.acknowledged().join() === '1');

      const rotated = await world.asSetting(feed, 'POST', `/endpoints/${id}/secrets/rotate`, { overlapHours: 2 });
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({ version: 2, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
      const second: string = rotated.body.secret;
      practice.useSecrets(first, second);
      await feed.publishRange(2, 2);
      await practice.waitFor('event 2', (r) => r.acknowledged().join() === '1,2');
      const during = practice.events()[1];
      expect([verifies(first, during), verifies(second, during)]).toEqual([true, true]);
      expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);

      const view = await world.asSetting(feed, 'GET', `/endpoints/${id}`);
      expect(view.body.secrets.map((s: { version: number; expiresAt: string | null }) => [s.version, s.expiresAt === null])).toEqual([[2, true], [1, false]]);
      expect(JSON.stringify(view.body)).not.toContain(second.slice(6));

      const newest = await world.asSetting(feed, 'DELETE', `/endpoints/${id}/secrets/2`);
      expect(newest.status).toBe(409);
      expect(newest.body.message).toMatch(/^version: 2 is the newest secret/);
      expect((await world.asSetting(feed, 'DELETE', `/endpoints/${id}/secrets/7`)).body.message).toBe('version: the endpoint has no secret version 7');
      expect((await world.asSetting(feed, 'DELETE', `/endpoints/${id}/secrets/1`)).status).toBe(200);
      await feed.publishRange(3, 3);
      await practice.waitFor('event 3', (r) => r.acknowledged().join() === '1,2,3');
      const after = practice.events()[2];
      expect([verifies(first, after), verifies(second, after)]).toEqual([false, true]);
    });

    it('lets the old secret expire by itself at the end of the overlap', async () => {
      const feed = await world.setting();
      const practice = await receiver();
      const { id, secret: first } = await world.register(feed, practice);
      const second = (await world.asSetting(feed, 'POST', `/endpoints/${id}/secrets/rotate`, { overlapHours: 1 })).body.secret;
      practice.useSecrets(second);
      clock.advance(3_601_000);
      await feed.publishRange(1, 1);
      await practice.waitFor('event 1', (r) => r.acknowledged().join() === '1');
      const [event] = practice.events();
      expect([verifies(first, event), verifies(second, event)]).toEqual([false, true]);
    });
  });

  describe('the R4 Subscription view', () => {
    it('is a valid backport rest-hook Subscription, and $status a valid searchset naming the last acknowledged number', async () => {
      const feed = await world.setting();
      const hospital = await receiver('empty');
      const { id } = await world.register(feed, hospital, { format: 'fhir-backport', content: 'empty', heartbeatPeriodSeconds: 600, maxEventsPerNotification: 5 });
      await feed.publishRange(1, 2);
      await hospital.waitFor('events 1 and 2', (r) => r.acknowledged().length === 2);

      const view = await world.asSetting(feed, 'GET', `/fhir/Subscription/${id}`);
      expect(view.status).toBe(200);
      const subscription = view.body as Subscription;
      expect(r4Issues(subscription)).toEqual([]);
      expect(subscription).toMatchObject({ status: 'active', channel: { type: 'rest-hook', endpoint: hospital.url, payload: 'application/fhir+json' } });
      expect(JSON.stringify(subscription.channel)).toContain('"valueCode":"empty"');

      const status = await world.asSetting(feed, 'GET', `/fhir/Subscription/${id}/$status`);
      expect(r4Issues(status.body)).toEqual([]);
      const parameters = (status.body as Bundle).entry?.[0].resource as Parameters;
      expect(parameters.parameter?.filter((p) => p.name !== 'subscription')).toEqual([
        { name: 'status', valueCode: 'active' },
        { name: 'type', valueCode: 'query-status' },
        { name: 'events-since-subscription-start', valueString: '2' },
        { name: 'last-acknowledged-event-number', valueString: '2' },
      ]);
      expect(hospital.events().every((a) => backportProblems(JSON.parse(a.body), 'empty').length === 0)).toBe(true);
    });

    it('is not offered for a Standard Webhooks endpoint', async () => {
      const feed = await world.setting();
      const { id } = await world.register(feed, await receiver());
      const answer = await world.asSetting(feed, 'GET', `/fhir/Subscription/${id}`);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toMatch(/^id: endpoint .* sends Standard Webhooks/);
    });
  });

  describe('who may do what', () => {
    let feed: SettingFeed;
    let id: string;

    beforeAll(async () => {
      feed = await world.setting();
      ({ id } = await world.register(feed, await receiver()));
    });

    const callers = async (): Promise<Array<[string, CallHeaders]>> => [
      ['its clinician', await asStaff({ odsCode: feed.odsCode })],
      ['its system', await asSystem('gp-system', [PATIENT_DATA_READ, PATIENT_DATA_WRITE], feed.odsCode)],
      ['its system without patient-data:read', await asSystem('gp-writer', [PATIENT_DATA_WRITE], feed.odsCode)],
      ['an administrator of another setting', await asAdministrator()],
      ['another setting\'s clinician', await asStaff({ odsCode: 'RX100' })],
      ['a system of no setting', await asSystem('reporting', [PATIENT_DATA_READ, PATIENT_DATA_WRITE])],
      ['a patient', await asPatient('9990000018')],
    ];

    it('reads, replays, disables and skips as the access table says', async () => {
      const decided: Record<string, number[]> = {};
      for (const [who, headers] of await callers()) {
        decided[who] = [
          (await world.call('GET', `/endpoints/${id}`, undefined, headers)).status,
          (await world.call('GET', `/endpoints/${id}/events?sinceNumber=1&untilNumber=1`, undefined, headers)).status,
          (await world.call('POST', `/endpoints/${id}/resend`, { fromNumber: 1 }, headers)).status,
          (await world.call('POST', `/endpoints/${id}/skip`, { eventNumber: 1, reason: 'test' }, headers)).status,
        ];
      }
      expect(decided).toEqual({
        'its clinician': [200, 200, 200, 403],
        'its system': [200, 200, 200, 403],
        'its system without patient-data:read': [200, 403, 200, 403],
        // Allowed to skip, refused because the endpoint is not stuck at 1.
        'an administrator of another setting': [200, 403, 403, 409],
        'another setting\'s clinician': [403, 403, 403, 403],
        'a system of no setting': [403, 403, 403, 403],
        'a patient': [403, 403, 403, 403],
      });
    });

    it('names the setting in a refusal, and lists only the caller\'s own endpoints', async () => {
      const other = await world.call('GET', `/endpoints/${id}`, undefined, await asStaff({ odsCode: 'RX100' }));
      expect(other.body.message).toBe(`the endpoint belongs to care setting ${feed.odsCode}; the caller acts for RX100`);
      const own = await world.asSetting(feed, 'GET', '/endpoints');
      expect(own.body.map((e: { id: string }) => e.id)).toEqual([id]);
      expect((await world.call('GET', `/endpoints?odsCode=${feed.odsCode}`, undefined, await asStaff({ odsCode: 'RX100' }))).status).toBe(403);
      expect((await world.call('GET', `/endpoints?odsCode=${feed.odsCode}`, undefined, await asAdministrator())).body).toHaveLength(1);
    });

    it('registers only for the caller\'s own, receiving subscription, naming subscriptionId', async () => {
      const url = (await receiver()).url;
      const body = { subscriptionId: feed.subscriptionId, format: 'standard-webhooks', url };
      const foreign = await world.call('POST', '/endpoints', body, await asStaff({ odsCode: freshOdsCode() }));
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toMatch(/^subscriptionId: the endpoint belongs to care setting /);
      const unknown = await world.asSetting(feed, 'POST', '/endpoints', { ...body, subscriptionId: '00000000-0000-4000-8000-000000000000' });
      expect([unknown.status, unknown.body.message]).toEqual([404, 'subscriptionId: care-router has no subscription 00000000-0000-4000-8000-000000000000']);

      const odsCode = freshOdsCode();
      const pending = await callService(world.router.url, 'POST', '/subscriptions', { odsCode, settingType: 'GP_PRACTICE', eventTypes: ['care.events.identity.PatientRegistered'] }, await asStaff({ odsCode }));
      const notActive = await world.call('POST', '/endpoints', { ...body, subscriptionId: pending.body.id }, await asStaff({ odsCode }));
      expect([notActive.status, notActive.body.message]).toEqual([409, 'subscriptionId: the subscription is REQUESTED; endpoints are registered for ACTIVE or PAUSED subscriptions']);
      const beyond = await world.asSetting(feed, 'POST', '/endpoints', { ...body, startAfterNumber: 5 });
      expect([beyond.status, beyond.body.message]).toEqual([400, ['startAfterNumber: must be at most 0, the last event number of the subscription']]);
    });
  });
});
