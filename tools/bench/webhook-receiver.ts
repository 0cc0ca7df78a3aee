import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One event request in this many is kept whole, to verify its signature once the secret is known. */
const SAMPLE_EVERY = 25;

interface WebhookEvent {
  type?: string;
  data?: { eventNumber?: number; eventId?: string; patientId?: string };
}

/**
 * A care setting's Standard Webhooks receiver in the bench process: a node:http server that answers
 * 204 at once. It notes when each patient's event first arrived, checks that the numbers come in
 * order without gaps and that each webhook-id is the event's eventId, and keeps a sample of requests
 * whole for `verifySamples` (the secret comes with the registration's answer, after the handshake).
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
  private readonly samples: Array<{ body: string; headers: Record<string, string> }> = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    // Longer than any pause between two requests: delivery's keep-alive connection is never closed under it mid-send.
    server.keepAliveTimeout = 120_000;
    const receiver = new WebhookReceiver(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => receiver.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/care-events`;
  }

  /** Verifies the kept requests under the endpoint's secret; the number that do not verify, and how many were checked. */
  verifySamples(secret: string): { checked: number; failed: number } {
    const webhook = new Webhook(secret);
    let failed = 0;
    for (const { body, headers } of this.samples) {
      try {
        webhook.verify(body, headers);
      } catch {
        failed += 1;
      }
    }
    return { checked: this.samples.length, failed };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as WebhookEvent;
      if (parsed.type !== 'care-events.handshake' && parsed.type !== 'care-events.heartbeat') this.event(parsed, body, request, at);
      response.writeHead(204).end();
    });
  }

  private event({ data = {} }: WebhookEvent, body: string, request: IncomingMessage, at: number): void {
    this.events += 1;
    if (Number.isNaN(this.firstAt)) this.firstAt = at;
    this.lastAt = at;
    if (request.headers['webhook-id'] !== data.eventId) this.idMismatches += 1;
    const number = data.eventNumber ?? Number.NaN;
    if (number === this.lastNumber + 1) this.lastNumber = number;
    else if (number <= this.lastNumber) this.duplicates += 1;
    else this.outOfOrder += 1;
    if (data.patientId && !this.arrivals.has(data.patientId)) this.arrivals.set(data.patientId, at);
    if (this.events % SAMPLE_EVERY === 1) {
      this.samples.push({ body, headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])) });
    }
  }
}
