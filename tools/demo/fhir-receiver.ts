import type { Bundle, Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { HttpReceiver, ReceivedRequest } from './http-receiver';
import { signatureVerifies } from './webhook-signature';

/** One event of a FHIR notification as the hospital received it. */
export interface NotifiedEvent {
  eventNumber: number;
  /** The focus reference (into care-record's FHIR API); null when the notification names none. */
  focus: string | null;
  /** The first event of a notification: its eventId, the notification's webhook-id; null for the others of a batch. */
  eventId: string | null;
  /** Whether the notification's signature verified under the endpoint's secret; null while the secret is not known. */
  verified: boolean | null;
}

interface Notification {
  request: ReceivedRequest;
  type: string;
  events: Omit<NotifiedEvent, 'verified' | 'eventId'>[];
  verified: boolean | null;
}

/**
 * The hospital's FHIR R4 backport receiver: it answers every Bundle 200, the handshake included, and
 * collects the notifications. Each is checked with the standardwebhooks package once the secret
 * registration returned is known (those that came before, when it becomes known).
 */
export class FhirReceiver {
  private readonly notifications: Notification[] = [];
  private secret: string | null = null;

  private http!: HttpReceiver;

  private constructor() {}

  static async start(): Promise<FhirReceiver> {
    const receiver = new FhirReceiver();
    receiver.http = await HttpReceiver.start((request) => receiver.take(request));
    return receiver;
  }

  get url(): string {
    return this.http.url;
  }

  useSecret(secret: string): void {
    this.secret = secret;
    for (const notification of this.notifications) notification.verified ??= signatureVerifies(secret, notification.request);
  }

  /** How many notifications of a type (handshake, heartbeat, event-notification) arrived. */
  count(type: string): number {
    return this.notifications.filter((notification) => notification.type === type).length;
  }

  /** The events of the event notifications, in the order they arrived, each time one arrived. */
  events(): NotifiedEvent[] {
    return this.notifications
      .filter((notification) => notification.type === 'event-notification')
      .flatMap(({ request, events, verified }) => events.map((event, i) => ({ ...event, eventId: i === 0 ? (request.headers['webhook-id'] ?? null) : null, verified })));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private take(request: ReceivedRequest): number {
    const bundle = JSON.parse(request.body) as Bundle;
    const status = bundle.entry?.[0]?.resource as Parameters | undefined;
    if (bundle.resourceType !== 'Bundle' || status?.resourceType !== 'Parameters') return 400;
    const parameters = status.parameter ?? [];
    this.notifications.push({
      request,
      type: parameters.find((parameter) => parameter.name === 'type')?.valueCode ?? '',
      events: parameters.filter((parameter) => parameter.name === 'notification-event').map(notifiedEvent),
      verified: this.secret === null ? null : signatureVerifies(this.secret, request),
    });
    return 200;
  }
}

function notifiedEvent(event: ParametersParameter): Omit<NotifiedEvent, 'verified' | 'eventId'> {
  const part = (name: string) => event.part?.find((candidate) => candidate.name === name);
  return { eventNumber: Number(part('event-number')?.valueString), focus: part('focus')?.valueReference?.reference ?? null };
}
