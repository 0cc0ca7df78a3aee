import { HttpReceiver, ReceivedRequest } from '../demo/http-receiver';
import { signatureVerifies } from '../demo/webhook-signature';

/** One event request in this many is kept whole, to verify its signature once the secret is known. */
const SAMPLE_EVERY = 25;

interface WebhookEvent {
  type?: string;
  data?: { eventNumber?: number; eventId?: string; patientId?: string };
}

/**
 * A care setting's Standard Webhooks receiver in the bench process: the demo's HTTP receiver,
 * answering 204 at once. It notes when each patient's event first arrived, checks that the numbers
 * come in order without gaps and that each webhook-id is the event's eventId, and keeps a sample of
 * requests whole for `verifySamples` (the secret comes with the registration's answer, after the
 * handshake).
 */
export class WebhookReceiver {
  /** performance.now() at the arrival of each patient's first event. */
  readonly arrivals = new Map<string, number>();
  /** The highest number received in order: every number up to it arrived, each after the one before. */
  lastNumber = 0;
  events = 0;
  duplicates = 0;
  /** Numbers that arrived before the one just below them: a gap or a reordering. */
  outOfOrder = 0;
  idMismatches = 0;
  firstAt = Number.NaN;
  lastAt = Number.NaN;
  private readonly samples: ReceivedRequest[] = [];
  private http!: HttpReceiver;

  private constructor() {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    // Longer than any pause between two requests: delivery's keep-alive connection is never closed under it mid-send.
    receiver.http = await HttpReceiver.start((request) => receiver.take(request), { keepAliveTimeoutMs: 120_000 });
    return receiver;
  }

  get url(): string {
    return this.http.url;
  }

  /** Verifies the kept requests under the endpoint's secret; the number that do not verify, and how many were checked. */
  verifySamples(secret: string): { checked: number; failed: number } {
    const failed = this.samples.filter((request) => !signatureVerifies(secret, request)).length;
    return { checked: this.samples.length, failed };
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private take(request: ReceivedRequest): number {
    const at = performance.now();
    const parsed = JSON.parse(request.body) as WebhookEvent;
    if (parsed.type !== 'care-events.handshake' && parsed.type !== 'care-events.heartbeat') this.event(parsed, request, at);
    return 204;
  }

  private event({ data = {} }: WebhookEvent, request: ReceivedRequest, at: number): void {
    this.events += 1;
    if (Number.isNaN(this.firstAt)) this.firstAt = at;
    this.lastAt = at;
    if (request.headers['webhook-id'] !== data.eventId) this.idMismatches += 1;
    const number = data.eventNumber ?? Number.NaN;
    if (number === this.lastNumber + 1) this.lastNumber = number;
    else if (number <= this.lastNumber) this.duplicates += 1;
    else this.outOfOrder += 1;
    if (data.patientId && !this.arrivals.has(data.patientId)) this.arrivals.set(data.patientId, at);
    if (this.events % SAMPLE_EVERY === 1) this.samples.push(request);
  }
}
