import type { Bundle, Parameters } from '@medplum/fhirtypes';
import { SystemClock } from '@care-events/service-kit';
import { backportProblems, loadR4Structure, r4Issues } from '../../test/backport-checks';
import { FhirBackportFormat } from './fhir-backport-format';
import { EndpointSnapshot, FeedCopy, NotificationBuildError } from './notification-format';

const ENDPOINT = '8d3c9a01-6f1c-4a4e-8b7d-4c559a517f0e';
const PATIENT = '0b7d4c55-9a51-4f0e-8d3c-9a016f1c2a4e';
const ids = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const format = new FhirBackportFormat(
  { publicUrl: 'https://delivery.example.nhs.uk', topicUrl: 'https://delivery.example.nhs.uk/fhir/SubscriptionTopic/care-setting-feed', careRecordPublicUrl: 'https://care-record.example.nhs.uk' },
  new SystemClock(),
  // These notifications are id-only: nothing is read from care-record (full-resource is tested against it).
  { entryFor: () => Promise.reject(new Error('an id-only notification read a focus resource')) },
);

const endpoint: EndpointSnapshot = {
  id: ENDPOINT, subscriptionId: ids(99), odsCode: 'RXX', format: 'fhir-backport', url: 'https://ehr.example.nhs.uk/hook', content: 'id-only',
  status: 'active', cursorNumber: 41, lastSeenNumber: 44, maxEventsPerNotification: 10,
};

const copy = (number: number, overrides: Partial<FeedCopy> = {}): FeedCopy => ({
  offset: String(number + 100), number, eventId: ids(number), eventType: 'care.events.medications.MedicationStopped', subscriptionId: ids(99),
  patientId: PATIENT, time: '2026-01-05T09:14:03.120Z', kafkaTimestamp: 0, headers: {}, rawValue: Buffer.alloc(0),
  value: { medicationId: ids(500 + number), reason: 'side effects' }, ...overrides,
});

const parsed = (body: Buffer): Bundle => JSON.parse(body.toString()) as Bundle;
const statusOf = (bundle: Bundle) => bundle.entry?.[0].resource as Parameters;

beforeAll(() => loadR4Structure(), 60_000);

describe('the FHIR backport format', () => {
  it('sends the same bytes and webhook-id on every build of the same events, a valid notification of all of them', async () => {
    const first = await format.events(endpoint, [copy(42), copy(43)]);
    const again = await format.events(endpoint, [copy(42), copy(43)]);
    expect(again.body.equals(first.body)).toBe(true);
    expect(first).toMatchObject({ kind: 'event', messageId: ids(42), contentType: 'application/fhir+json', firstNumber: 42, count: 2 });
    const bundle = parsed(first.body);
    expect(r4Issues(bundle)).toEqual([]);
    expect(backportProblems(bundle, 'id-only')).toEqual([]);
    expect(bundle.timestamp).toBe('2026-01-05T09:14:03.120Z');
    expect((await format.events(endpoint, [copy(42)])).body.equals(first.body)).toBe(false);
  });

  it('names the subscription at the public URL and the focus on care-record', async () => {
    const text = (await format.events(endpoint, [copy(42)])).body.toString();
    expect(text).toContain(`"reference":"https://delivery.example.nhs.uk/fhir/Subscription/${ENDPOINT}"`);
    expect(text).toContain(`"reference":"https://care-record.example.nhs.uk/fhir/MedicationStatement/${ids(542)}"`);
    expect(text).toContain(`"url":"https://delivery.example.nhs.uk/fhir/Subscription/${ENDPOINT}/$status"`);
  });

  it('hands shake from the cursor and beats the heart at the last number seen, each with an id of its own kind', async () => {
    const handshake = await format.handshake({ ...endpoint, status: 'handshaking', content: 'empty' });
    const heartbeat = await format.heartbeat(endpoint);
    expect(handshake.messageId).toMatch(/^hs_[0-9a-f-]{36}$/);
    expect(heartbeat.messageId).toMatch(/^hb_[0-9a-f-]{36}$/);
    expect(backportProblems(parsed(handshake.body), 'empty')).toEqual([]);
    expect(backportProblems(parsed(heartbeat.body), 'id-only')).toEqual([]);
    const since = (body: Buffer) => statusOf(parsed(body)).parameter?.find((p) => p.name === 'events-since-subscription-start')?.valueString;
    expect([since(handshake.body), since(heartbeat.body)]).toEqual(['41', '44']);
  });

  it('answers $status with the last acknowledged and the blocked number, and why, while not working', () => {
    const bundle = format.statusOf({ ...endpoint, status: 'error' }, { statusReason: 'gap: expected 42, read 43 at offset 7', blockedNumber: 42, blockedReason: 'gap: expected 42, read 43 at offset 7' });
    expect(r4Issues(bundle)).toEqual([]);
    expect(statusOf(bundle).parameter?.slice(2)).toEqual([
      { name: 'status', valueCode: 'error' },
      { name: 'type', valueCode: 'query-status' },
      { name: 'events-since-subscription-start', valueString: '44' },
      { name: 'error', valueCodeableConcept: { text: 'gap: expected 42, read 43 at offset 7' } },
      { name: 'last-acknowledged-event-number', valueString: '41' },
      { name: 'blocked-event-number', valueString: '42' },
    ]);
  });

  it.each([
    ['a copy it could not decode', copy(42, { value: undefined }), `event 42 (${ids(42)}) has no decoded value`],
    ['an event type without a focus', copy(42, { eventType: 'care.events.billing.InvoiceSent' }), 'event 42: no FHIR focus is defined for events of type care.events.billing.InvoiceSent'],
    ['an event without its id', copy(42, { value: {} }), 'event 42: care.events.medications.MedicationStopped carries no medicationId'],
    ['an unreadable time', copy(42, { time: 'yesterday' }), `event 42 (${ids(42)}) has no readable ce_time ("yesterday")`],
  ])('refuses to build %s (poison)', async (_, poison, reason) => {
    await expect(format.events(endpoint, [poison])).rejects.toThrow(new NotificationBuildError(reason));
  });
});
