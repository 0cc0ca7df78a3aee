import { Clock } from '@care-events/service-kit';
import { EndpointSnapshot, FeedCopy, NotificationBuildError } from './notification-format';
import { StandardWebhooksFormat } from './standard-webhooks-format';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-01-05T09:00:00Z');
  }
}

const endpoint: EndpointSnapshot = {
  id: 'e1', subscriptionId: 's1', odsCode: 'A81001', format: 'standard-webhooks', url: 'https://gp.example/hook', content: null, status: 'active',
  cursorNumber: 41, lastSeenNumber: 44, maxEventsPerNotification: 1,
};
const copy: FeedCopy = {
  offset: '90', number: 42, eventId: '7d1e0c3a-4d59-4a0e-9d8f-2b1c3e4f5a6b', eventType: 'care.events.medications.MedicationStopped', subscriptionId: 's1',
  patientId: 'p1', time: '2026-01-05T08:59:00.000Z', kafkaTimestamp: 0, headers: {}, rawValue: Buffer.alloc(0), value: { medicationId: 'm1', reason: 'ended' },
};

describe('StandardWebhooksFormat', () => {
  const format = new StandardWebhooksFormat(new FixedClock());

  it('sends one event per request, its eventId as webhook-id, the same bytes on every build', async () => {
    const notification = await format.events(endpoint, [copy, { ...copy, number: 43, eventId: 'other' }]);
    expect(notification).toMatchObject({ kind: 'event', messageId: copy.eventId, contentType: 'application/json', firstNumber: 42, count: 1 });
    expect(JSON.parse(notification.body.toString())).toEqual({
      type: 'care.events.medications.MedicationStopped', timestamp: '2026-01-05T08:59:00.000Z',
      data: { eventNumber: 42, eventId: copy.eventId, subscriptionId: 's1', odsCode: 'A81001', patientId: 'p1', event: { medicationId: 'm1', reason: 'ended' } },
    });
    expect((await format.events(endpoint, [copy])).body.equals(notification.body)).toBe(true);
  });

  it('names the cursor in a handshake and the last number read in a heartbeat, each with an id of its own', async () => {
    const handshake = await format.handshake(endpoint);
    const heartbeat = await format.heartbeat(endpoint);
    expect(handshake.messageId).toMatch(/^hs_[0-9a-f-]{36}$/);
    expect(heartbeat.messageId).toMatch(/^hb_[0-9a-f-]{36}$/);
    expect(JSON.parse(handshake.body.toString())).toEqual({
      type: 'care-events.handshake', timestamp: '2026-01-05T09:00:00.000Z', data: { endpointId: 'e1', subscriptionId: 's1', odsCode: 'A81001', lastEventNumber: 41 },
    });
    expect(JSON.parse(heartbeat.body.toString()).data.lastEventNumber).toBe(44);
    expect(heartbeat).toMatchObject({ kind: 'heartbeat', firstNumber: null, count: 0 });
  });

  it('cannot send a copy it could not decode', async () => {
    await expect(format.events(endpoint, [{ ...copy, value: undefined }])).rejects.toBeInstanceOf(NotificationBuildError);
  });
});
