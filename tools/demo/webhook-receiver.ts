import { HttpReceiver, ReceivedRequest } from './http-receiver';
import { signatureVerifies } from './webhook-signature';

/** One request to the GP practice's webhook endpoint, and how the receiver answered it. */
export interface WebhookArrival {
  webhookId: string;
  /** The body's type: an event type, care-events.handshake or care-events.heartbeat. */
  type: string;
  /** For an event: its number in the setting's feed and its eventId. */
  eventNumber: number | null;
  eventId: string | null;
  verified: boolean;
  /** 204 when verified, 401 otherwise. */
  status: number;
}

const NOT_EVENTS = ['care-events.handshake', 'care-events.heartbeat'];

/**
 * The GP practice's Standard Webhooks receiver: it verifies every request with the standardwebhooks
 * package under the secret delivery returned at registration and refuses (401) what does not verify,
 * including the first handshake, which comes before the practice knows the secret.
 */
export class WebhookReceiver {
  readonly arrivals: WebhookArrival[] = [];
  private secret: string | null = null;

  private http!: HttpReceiver;

  private constructor() {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.http = await HttpReceiver.start((request) => receiver.take(request));
    return receiver;
  }

  get url(): string {
    return this.http.url;
  }

  /** The secret registration returned, as the practice configures it: requests from now on verify with it. */
  useSecret(secret: string): void {
    this.secret = secret;
  }

  /** Event deliveries, in the order they arrived, each time one arrived. */
  events(): WebhookArrival[] {
    return this.arrivals.filter((arrival) => !NOT_EVENTS.includes(arrival.type));
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private take(request: ReceivedRequest): number {
    const verified = this.secret !== null && signatureVerifies(this.secret, request);
    const payload = JSON.parse(request.body) as { type: string; data?: { eventNumber?: number; eventId?: string } };
    const event = !NOT_EVENTS.includes(payload.type);
    const status = verified ? 204 : 401;
    this.arrivals.push({
      webhookId: request.headers['webhook-id'] ?? '', type: payload.type, verified, status,
      eventNumber: event ? (payload.data?.eventNumber ?? null) : null, eventId: event ? (payload.data?.eventId ?? null) : null,
    });
    return status;
  }
}
