import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { backportProblems, loadR4Structure, r4Issues } from '../../test/backport-checks';
import type { ContentLevel, EndpointStatus } from './endpoint';
import {
  FhirAddresses, notificationBundle, NotifiedEvent, r4StatusOf, statusSearchset, subscriptionResource, subscriptionStatus,
} from './fhir-notification';
import { focusOf } from './focus';

const ENDPOINT = '8d3c9a01-6f1c-4a4e-8b7d-4c559a517f0e';
const PATIENT = '0b7d4c55-9a51-4f0e-8d3c-9a016f1c2a4e';
const MEDICATION = '6f1c2a4e-0b7d-4c55-9a51-7f0e2d3c9a01';
const addresses: FhirAddresses = {
  subscription: `https://delivery.example.nhs.uk/fhir/Subscription/${ENDPOINT}`,
  topic: 'https://delivery.example.nhs.uk/fhir/SubscriptionTopic/care-setting-feed',
  record: 'https://care-record.example.nhs.uk/fhir',
};
const R = addresses.record;
const ids = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const stopped = (number: number): NotifiedEvent => ({
  number, time: `2026-01-05T09:14:0${number % 10}.120Z`, focus: focusOf('care.events.medications.MedicationStopped', { medicationId: MEDICATION }, PATIENT),
});

const handshake = (content: ContentLevel) =>
  notificationBundle(addresses, {
    id: ids(1), timestamp: '2026-01-05T09:00:00.000Z',
    status: subscriptionStatus(addresses, { id: ids(2), status: 'requested', type: 'handshake', eventsSinceSubscriptionStart: 0, content }),
  });

const heartbeat = notificationBundle(addresses, {
  id: ids(3), timestamp: '2026-01-05T09:05:00.000Z',
  status: subscriptionStatus(addresses, { id: ids(4), status: 'active', type: 'heartbeat', eventsSinceSubscriptionStart: 42, content: 'id-only' }),
});

const events = (content: ContentLevel, numbers: number[], entries: BundleEntry[] = []) =>
  notificationBundle(addresses, {
    id: ids(5), timestamp: '2026-01-05T09:14:03.120Z', entries,
    status: subscriptionStatus(addresses, {
      id: ids(6), status: 'active', type: 'event-notification', eventsSinceSubscriptionStart: numbers[numbers.length - 1], content, events: numbers.map(stopped),
    }),
  });

/** A focus entry as care-record gives it: the resource, or request and response only when it is gone. */
const medicationEntry: BundleEntry = {
  fullUrl: `${R}/MedicationStatement/${MEDICATION}`,
  resource: { resourceType: 'MedicationStatement', id: MEDICATION, status: 'stopped', subject: { reference: `Patient/${PATIENT}` }, medicationCodeableConcept: { text: 'Amoxicillin 500mg capsules' } },
  request: { method: 'PUT', url: `MedicationStatement/${MEDICATION}` },
  response: { status: '200' },
};
const goneEntry: BundleEntry = { fullUrl: `${R}/MedicationStatement/${MEDICATION}`, request: { method: 'DELETE', url: `MedicationStatement/${MEDICATION}` }, response: { status: '410' } };

const searchset = statusSearchset({
  id: ids(7), timestamp: '2026-01-05T10:00:00.000Z',
  status: subscriptionStatus(addresses, {
    id: ids(8), status: 'error', type: 'query-status', eventsSinceSubscriptionStart: 44, content: 'id-only',
    errors: ['gap: expected 43, read 44 at offset 97'],
    extra: [{ name: 'last-acknowledged-event-number', valueString: '42' }, { name: 'blocked-event-number', valueString: '43' }],
  }),
});

const subscription = (status: EndpointStatus, content: ContentLevel = 'id-only', heartbeatPeriodSeconds = 300) =>
  subscriptionResource(addresses, {
    id: ENDPOINT, odsCode: 'RXX', url: 'https://ehr.example.nhs.uk/care-events', status, statusReason: 'receiver answered 410 Gone at event 3', content,
    heartbeatPeriodSeconds, timeoutSeconds: 15, maxEventsPerNotification: 10,
  });

beforeAll(() => loadR4Structure(), 60_000);

describe('FHIR backport notifications: validity', () => {
  const notifications: Array<[string, Bundle, ContentLevel]> = [
    ['a handshake, id-only', handshake('id-only'), 'id-only'],
    ['a handshake, empty', handshake('empty'), 'empty'],
    ['a heartbeat', heartbeat, 'id-only'],
    ['one event, id-only', events('id-only', [42]), 'id-only'],
    ['three events, id-only', events('id-only', [42, 43, 44]), 'id-only'],
    ['one event, empty', events('empty', [7]), 'empty'],
    ['one event, full-resource', events('full-resource', [42], [medicationEntry]), 'full-resource'],
    ['one event, full-resource, its focus gone', events('full-resource', [42], [goneEntry]), 'full-resource'],
  ];

  it.each(notifications)('%s is a valid R4 history Bundle, each resource valid', (_, bundle) => {
    expect(r4Issues(bundle)).toEqual([]);
    for (const { resource } of bundle.entry ?? []) if (resource) expect({ [resource.resourceType]: r4Issues(resource) }).toEqual({ [resource.resourceType]: [] });
  });

  it.each(notifications)('%s follows the backport IG', (_, bundle, content) => {
    expect(backportProblems(bundle, content)).toEqual([]);
  });

  it('answers $status with a valid searchset of one status, and is seen as a valid R4 Subscription in every status', () => {
    expect(r4Issues(searchset)).toEqual([]);
    expect(r4Issues(searchset.entry?.[0].resource as Resource)).toEqual([]);
    for (const status of ['requested', 'handshaking', 'active', 'paused', 'error', 'disabled'] as const) {
      expect({ [status]: r4Issues(subscription(status)) }).toEqual({ [status]: [] });
    }
  });

  it('is caught by the checks when it breaks the IG: an event without focus at id-only, or a focus named at empty', () => {
    const withoutFocus = structuredClone(events('id-only', [42]));
    const status = withoutFocus.entry?.[0].resource as { parameter: Array<{ name: string; part?: Array<{ name: string }> }> };
    const event = status.parameter.find((p) => p.name === 'notification-event');
    if (event?.part) event.part = event.part.filter((p) => p.name !== 'focus');
    expect(backportProblems(withoutFocus, 'id-only')).toEqual(['a notification-event has 0 focus at id-only']);
    expect(backportProblems(events('id-only', [42]), 'empty')).toEqual(expect.arrayContaining(['a notification-event has 1 focus at empty']));
  });
});

describe('FHIR backport notifications: content', () => {
  it('is the handshake of the design, byte for byte', () => {
    expect(handshake('id-only')).toEqual({
      resourceType: 'Bundle', id: ids(1), type: 'history', timestamp: '2026-01-05T09:00:00.000Z',
      entry: [{
        fullUrl: `urn:uuid:${ids(2)}`,
        resource: {
          resourceType: 'Parameters', id: ids(2),
          meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4'] },
          parameter: [
            { name: 'subscription', valueReference: { reference: addresses.subscription } },
            { name: 'topic', valueCanonical: addresses.topic },
            { name: 'status', valueCode: 'requested' },
            { name: 'type', valueCode: 'handshake' },
            { name: 'events-since-subscription-start', valueString: '0' },
          ],
        },
        request: { method: 'GET', url: `${addresses.subscription}/$status` },
        response: { status: '200' },
      }],
    });
  });

  it('names each event by number and time, its focus and patient on care-record, the count being the last number', () => {
    const [status] = (events('id-only', [42, 43]).entry ?? []).map((e) => e.resource) as Array<{ parameter: unknown[] }>;
    expect(status.parameter.slice(5)).toEqual([42, 43].map((number) => ({
      name: 'notification-event',
      part: [
        { name: 'event-number', valueString: String(number) },
        { name: 'timestamp', valueInstant: `2026-01-05T09:14:0${number % 10}.120Z` },
        { name: 'focus', valueReference: { reference: `${R}/MedicationStatement/${MEDICATION}` } },
        { name: 'additional-context', valueReference: { reference: `${R}/Patient/${PATIENT}` } },
      ],
    })));
    expect(status.parameter[4]).toEqual({ name: 'events-since-subscription-start', valueString: '43' });
  });

  it('names no topic, focus or context at content level empty', () => {
    const [status] = (events('empty', [7]).entry ?? []).map((e) => e.resource) as Array<{ parameter: Array<{ name: string }> }>;
    expect(status.parameter.map((p) => p.name)).toEqual(['subscription', 'status', 'type', 'events-since-subscription-start', 'notification-event']);
    expect(JSON.stringify(status)).not.toContain(MEDICATION);
  });

  it('reads an endpoint status in R4 terms', () => {
    expect((['requested', 'handshaking', 'active', 'paused', 'error', 'disabled'] as const).map(r4StatusOf)).toEqual([
      'requested', 'requested', 'active', 'error', 'error', 'off',
    ]);
  });

  it('shows the endpoint as a backport rest-hook Subscription with its channel settings, and the reason only when not working', () => {
    expect(subscription('disabled', 'full-resource')).toEqual({
      resourceType: 'Subscription', id: ENDPOINT,
      meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription'] },
      status: 'off', reason: 'The care-events feed of care setting RXX', criteria: addresses.topic, error: 'receiver answered 410 Gone at event 3',
      channel: {
        extension: [
          { url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period', valueUnsignedInt: 300 },
          { url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-timeout', valueUnsignedInt: 15 },
          { url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-max-count', valuePositiveInt: 10 },
        ],
        type: 'rest-hook', endpoint: 'https://ehr.example.nhs.uk/care-events', payload: 'application/fhir+json',
        _payload: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content', valueCode: 'full-resource' }] },
      },
    });
    expect(subscription('active').error).toBeUndefined();
    expect(subscription('active', 'id-only', 0).channel.extension?.map((e) => e.url.split('/').pop())).toEqual(['backport-timeout', 'backport-max-count']);
  });
});
