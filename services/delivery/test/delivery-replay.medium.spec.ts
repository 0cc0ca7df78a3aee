import { randomUUID } from 'node:crypto';
import type { Bundle, Parameters } from '@medplum/fhirtypes';
import { ServiceUnderTest } from '@care-events/local-platform';
import { backportProblems, r4Issues } from './backport-checks';
import { DeliveryWorld } from './delivery-world';
import { Receiver } from './receiver';
import { CopySpec, SettingFeed } from './setting-feed';

/** The event numbers a history Bundle notifies, in order. */
const notified = (bundle: Bundle): number[] =>
  ((bundle.entry?.[0].resource as Parameters).parameter ?? [])
    .filter((p) => p.name === 'notification-event')
    .map((p) => Number(p.part?.find((part) => part.name === 'event-number')?.valueString));

/**
 * 1..15 of the subscription with re-published duplicates (3 and 7 again, later), the copies of an
 * earlier subscription of the same setting numbered from 1, and a duplicate of 12 right after 14.
 */
async function messyFeed(feed: SettingFeed): Promise<void> {
  const earlier = randomUUID();
  const copies: CopySpec[] = [];
  for (let n = 1; n <= 15; n++) {
    if (n <= 6) copies.push({ number: n, subscriptionId: earlier });
    copies.push({ number: n });
    if (n === 9) copies.push({ number: 3, eventId: 'again-3' }, { number: 7, eventId: 'again-7' });
    if (n === 14) copies.push({ number: 12, eventId: 'again-12' });
  }
  // A re-published copy carries the eventId of the first: resolved once the first is written.
  for (const copy of copies) {
    if (copy.eventId?.startsWith('again-')) copy.eventId = feed.eventIdOf(Number(copy.eventId.slice(6)));
    await feed.publish([copy]);
  }
}

describe('replay by number', () => {
  let world: DeliveryWorld;
  let delivery: ServiceUnderTest;
  let feed: SettingFeed;
  let hospital: Receiver;
  let practice: Receiver;
  let fhirEndpoint: string;
  let webhookEndpoint: string;

  beforeAll(async () => {
    world = await DeliveryWorld.start();
    ({ delivery } = await world.inProcess());
    feed = await world.setting();
    await messyFeed(feed);
    hospital = await Receiver.start('id-only');
    practice = await Receiver.start();
    fhirEndpoint = (await world.register(feed, hospital, { format: 'fhir-backport', maxEventsPerNotification: 4 })).id;
    webhookEndpoint = (await world.register(feed, practice)).id;
    await hospital.waitFor('1..15 at the hospital', (r) => r.acknowledged().length === 15);
    await practice.waitFor('1..15 at the practice', (r) => r.acknowledged().length === 15);
  }, 180_000);

  afterAll(async () => {
    await delivery?.stop();
    await hospital?.close();
    await practice?.close();
    await world?.stop();
  });

  it('delivered each number once, in order, past the duplicates and the earlier subscription\'s copies', () => {
    const all = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(hospital.acknowledged()).toEqual(all);
    expect(practice.acknowledged()).toEqual(all);
    expect(practice.events().map((a) => a.messageId)).toEqual(all.map((n) => feed.eventIdOf(n)));
  });

  it('$events 5..12 is exactly 5..12, as a valid query-event history Bundle', async () => {
    const answer = await world.asSetting(feed, 'GET', `/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=5&eventsUntilNumber=12`);
    expect(answer.status).toBe(200);
    const bundle = answer.body as Bundle;
    expect(notified(bundle)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r4Issues(bundle)).toEqual([]);
    expect(backportProblems(bundle, 'id-only')).toEqual([]);
    const type = (bundle.entry?.[0].resource as Parameters).parameter?.find((p) => p.name === 'type');
    expect(type?.valueCode).toBe('query-event');
  });

  it('gives the Standard Webhooks bodies of a range, the same bytes the practice received', async () => {
    const answer = await world.asSetting(feed, 'GET', `/endpoints/${webhookEndpoint}/events?sinceNumber=2&untilNumber=4`);
    expect(answer.status).toBe(200);
    expect(answer.body.events.map((e: { eventNumber: number; webhookId: string }) => [e.eventNumber, e.webhookId])).toEqual(
      [2, 3, 4].map((n) => [n, feed.eventIdOf(n)]),
    );
    const received = practice.events().slice(1, 4).map((a) => JSON.parse(a.body));
    expect(answer.body.events.map((e: { body: unknown }) => e.body)).toEqual(received);
  });

  it('answers what the feed holds of a range that reaches past its end, and nothing beyond it', async () => {
    const tail = await world.asSetting(feed, 'GET', `/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=14`);
    expect(notified(tail.body)).toEqual([14, 15]);
    const beyond = await world.asSetting(feed, 'GET', `/endpoints/${webhookEndpoint}/events?sinceNumber=16&untilNumber=20`);
    expect(beyond.body.events).toEqual([]);
  });

  it.each(['fhir-backport', 'standard-webhooks'] as const)('%s: resend from 10 delivers 10..15 again, in order, with the same ids', async (format) => {
    const receiver = format === 'fhir-backport' ? hospital : practice;
    const id = format === 'fhir-backport' ? fhirEndpoint : webhookEndpoint;
    const before = receiver.events().length;
    const firstIds = receiver.events().map((a) => a.messageId);
    const resent = format === 'fhir-backport'
      ? await world.asSetting(feed, 'POST', `/fhir/Subscription/${id}/$resend?eventsSinceNumber=10`)
      : await world.asSetting(feed, 'POST', `/endpoints/${id}/resend`, { fromNumber: 10 });
    expect(resent.status).toBe(200);
    if (format === 'fhir-backport') expect(resent.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });

    await receiver.waitFor('10..15 again', (r) => r.acknowledged().length === 21);
    const again = receiver.events().slice(before);
    expect(again.flatMap((a) => a.numbers)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(again.flatMap((a) => a.problems)).toEqual([]);
    if (format === 'standard-webhooks') expect(again.map((a) => a.messageId)).toEqual(firstIds.slice(9, 15));
    const view = await world.asSetting(feed, 'GET', `/endpoints/${id}`);
    expect(view.body.cursor.lastAcknowledgedNumber).toBe(15);
  });

  it('refuses ranges it will not serve, naming the parameter', async () => {
    const ask = (path: string) => world.asSetting(feed, path.startsWith('/fhir') && path.includes('$resend') ? 'POST' : 'GET', path);
    const cases: Array<[string, number, string]> = [
      [`/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=1&eventsUntilNumber=1001`, 400, 'eventsUntilNumber: must be at most 1000: a range holds at most 1000 events'],
      [`/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=5&eventsUntilNumber=4`, 400, 'eventsUntilNumber: must be at least eventsSinceNumber (5)'],
      [`/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=0`, 400, 'eventsSinceNumber: must be at least 1'],
      [`/fhir/Subscription/${fhirEndpoint}/$events`, 400, 'eventsSinceNumber: must be a whole number'],
      [`/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=1&content=full`, 400, 'content: must be one of empty, id-only, full-resource'],
      [`/fhir/Subscription/${fhirEndpoint}/$events?eventsSinceNumber=1&eventsUntilNumber=101&content=full-resource`, 400, 'eventsUntilNumber: must be at most 100'],
      [`/fhir/Subscription/${fhirEndpoint}/$resend?eventsSinceNumber=3&eventsUntilNumber=5`, 400, 'eventsUntilNumber: is not accepted: $resend delivers every event'],
      [`/fhir/Subscription/${fhirEndpoint}/$resend?eventsSinceNumber=17`, 400, 'eventsSinceNumber: must be at most 16, the next event number not yet delivered'],
      [`/endpoints/${webhookEndpoint}/events?sinceNumber=1&untilNumber=1001`, 400, 'untilNumber: must be at most 1000: a range holds at most 1000 events'],
      [`/endpoints/${fhirEndpoint}/events?sinceNumber=1`, 409, `id: endpoint ${fhirEndpoint} sends FHIR notifications`],
    ];
    const answers = [];
    for (const [path, , prefix] of cases) {
      const { status, body } = await ask(path);
      const lines = [body.message].flat() as string[];
      answers.push([status, lines.some((line) => line.startsWith(prefix)) ? prefix : lines.join(' | ')]);
    }
    expect(answers).toEqual(cases.map(([, status, prefix]) => [status, prefix]));
    const tooFar = await world.asSetting(feed, 'POST', `/endpoints/${webhookEndpoint}/resend`, { fromNumber: 17 });
    expect([tooFar.status, tooFar.body.message]).toEqual([400, ['fromNumber: must be at most 16, the next event number not yet delivered']]);
  });
});
