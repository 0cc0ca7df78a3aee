import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '@care-events/service-kit';
import { feedStateBody, HANDSHAKE_TYPE, HEARTBEAT_TYPE, webhookEventBody } from '../domain/webhook-payload';
import { EndpointSnapshot, FeedCopy, NotificationBuildError, NotificationFormat, OutgoingNotification } from './notification-format';

const JSON_TYPE = 'application/json';

/**
 * Standard Webhooks JSON, one event per request: `webhook-id` is the eventId, constant over retries
 * and resends; handshakes and heartbeats get ids of their own (hs_…, hb_…).
 */
@Injectable()
export class StandardWebhooksFormat implements NotificationFormat {
  constructor(private readonly clock: Clock) {}

  async handshake(endpoint: EndpointSnapshot): Promise<OutgoingNotification> {
    const body = feedStateBody(HANDSHAKE_TYPE, stateOf(endpoint, endpoint.cursorNumber), this.clock.now());
    return { kind: 'handshake', messageId: `hs_${randomUUID()}`, contentType: JSON_TYPE, body: Buffer.from(body), firstNumber: null, count: 0 };
  }

  async heartbeat(endpoint: EndpointSnapshot): Promise<OutgoingNotification> {
    const body = feedStateBody(HEARTBEAT_TYPE, stateOf(endpoint, endpoint.lastSeenNumber), this.clock.now());
    return { kind: 'heartbeat', messageId: `hb_${randomUUID()}`, contentType: JSON_TYPE, body: Buffer.from(body), firstNumber: null, count: 0 };
  }

  async events(endpoint: EndpointSnapshot, copies: FeedCopy[]): Promise<OutgoingNotification> {
    const [copy] = copies;
    if (!copy) throw new Error('a notification needs a copy');
    if (!copy.value) throw new NotificationBuildError(`event ${copy.number} (${copy.eventId}) has no decoded value`);
    const body = webhookEventBody({
      eventType: copy.eventType, time: copy.time, number: copy.number, eventId: copy.eventId,
      subscriptionId: copy.subscriptionId, odsCode: endpoint.odsCode, patientId: copy.patientId, event: copy.value,
    });
    return { kind: 'event', messageId: copy.eventId, contentType: JSON_TYPE, body: Buffer.from(body), firstNumber: copy.number, count: 1 };
  }
}

const stateOf = (endpoint: EndpointSnapshot, lastEventNumber: number) => ({
  endpointId: endpoint.id, subscriptionId: endpoint.subscriptionId, odsCode: endpoint.odsCode, lastEventNumber,
});
