/** One event as the Standard Webhooks body carries it; `event` is the Avro value as decoded. */
export interface WebhookEvent {
  eventType: string;
  time: string;
  number: number;
  eventId: string;
  subscriptionId: string;
  odsCode: string;
  patientId: string;
  event: unknown;
}

export interface FeedState {
  endpointId: string;
  subscriptionId: string;
  odsCode: string;
  lastEventNumber: number;
}

export const HANDSHAKE_TYPE = 'care-events.handshake';
export const HEARTBEAT_TYPE = 'care-events.heartbeat';

/**
 * The JSON of one event (`type` = the record full name, `timestamp` = when it occurred). Built from
 * the event alone, so every retry and every resend carries the same bytes.
 */
export function webhookEventBody(event: WebhookEvent): string {
  return JSON.stringify({
    type: event.eventType,
    timestamp: event.time,
    data: {
      eventNumber: event.number,
      eventId: event.eventId,
      subscriptionId: event.subscriptionId,
      odsCode: event.odsCode,
      patientId: event.patientId,
      event: jsonValue(event.event),
    },
  });
}

/** A handshake names the number the feed starts after; a heartbeat the last number the topic holds. */
export function feedStateBody(type: typeof HANDSHAKE_TYPE | typeof HEARTBEAT_TYPE, state: FeedState, now: Date): string {
  return JSON.stringify({ type, timestamp: now.toISOString(), data: state });
}

/** An Avro value in JSON: bytes as base64, everything else as it is. */
export function jsonValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonValue(inner)]));
  return value;
}
