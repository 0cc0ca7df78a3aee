import { FhirReceiver } from './fhir-receiver';
import { WebhookReceiver } from './webhook-receiver';

/** One event as a setting's receiver took it, in either format, each time it arrived. */
export interface DeliveredEvent {
  eventNumber: number;
  /** The eventId it carried: the webhook body's, or the FHIR notification's webhook-id (its first event's eventId). */
  eventId: string | null;
  /** The type the delivery names; null for FHIR, whose notifications name the focus instead. */
  eventType: string | null;
  /** FHIR only: the focus reference, into care-record's FHIR API. */
  focus: string | null;
  /** Whether its signature verified under the endpoint's secret (null: not checked, no secret). */
  verified: boolean | null;
  /** Whether the receiver answered 2xx, which moves delivery's cursor on. */
  acknowledged: boolean;
}

export function webhookEvents(receiver: WebhookReceiver): DeliveredEvent[] {
  return receiver.events().map((arrival) => ({
    eventNumber: arrival.eventNumber ?? Number.NaN, eventId: arrival.eventId, eventType: arrival.type, focus: null,
    verified: arrival.verified, acknowledged: arrival.status >= 200 && arrival.status < 300,
  }));
}

export function fhirEvents(receiver: FhirReceiver): DeliveredEvent[] {
  // The receiver answers every notification 200.
  return receiver.events().map((event) => ({ ...event, eventType: null, acknowledged: true }));
}
