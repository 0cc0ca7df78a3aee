import { feedStateBody, HEARTBEAT_TYPE, webhookEventBody } from './webhook-payload';

const event = {
  eventType: 'care.events.medications.MedicationStopped',
  time: '2026-01-05T09:14:03.120Z',
  number: 42,
  eventId: '7d1e0c3a-4d59-4a0e-9d8f-2b1c3e4f5a6b',
  subscriptionId: 'a3c2b1d0-0000-4000-8000-000000000001',
  odsCode: 'A81001',
  patientId: '0b7d0000-0000-4000-8000-000000000002',
  event: { metadata: { occurredAt: 1767604443120 }, medicationId: '6f1c0000-0000-4000-8000-000000000003', reason: null, digest: Buffer.from([1, 2, 3]) },
};

describe('webhookEventBody', () => {
  it('carries the type, the occurrence time, the number and the event value', () => {
    expect(JSON.parse(webhookEventBody(event))).toEqual({
      type: 'care.events.medications.MedicationStopped',
      timestamp: '2026-01-05T09:14:03.120Z',
      data: {
        eventNumber: 42, eventId: event.eventId, subscriptionId: event.subscriptionId, odsCode: 'A81001', patientId: event.patientId,
        event: { metadata: { occurredAt: 1767604443120 }, medicationId: event.event.medicationId, reason: null, digest: 'AQID' },
      },
    });
  });

  it('is the same bytes every time it is built from the same event', () => {
    expect(webhookEventBody(event)).toBe(webhookEventBody({ ...event, event: { ...event.event } }));
  });
});

describe('feedStateBody', () => {
  it('names the endpoint, the feed and its last number, at the time given', () => {
    const state = { endpointId: 'e', subscriptionId: 's', odsCode: 'A81001', lastEventNumber: 7 };
    expect(JSON.parse(feedStateBody(HEARTBEAT_TYPE, state, new Date('2026-01-05T09:00:00Z')))).toEqual({
      type: 'care-events.heartbeat', timestamp: '2026-01-05T09:00:00.000Z', data: state,
    });
  });
});
