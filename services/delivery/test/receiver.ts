import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Bundle, Parameters } from '@medplum/fhirtypes';
import { backportProblems, loadR4Structure, r4Issues } from './backport-checks';

/** How the receiver answers one request. */
export type Reply =
  | 'ok'
  | 'gone'
  /** Never answers: the sender's timeout ends the request. */
  | 'hang'
  /** Drops the connection without an answer. */
  | 'close'
  /** Answers once `release()` is called. */
  | 'hold'
  | { status: number; retryAfter?: string };

export interface Arrival {
  /** Real time of arrival (ms). */
  at: number;
  messageId: string;
  headers: Record<string, string>;
  body: string;
  contentType: string;
  /** handshake, heartbeat or event, from the body. */
  kind: 'handshake' | 'heartbeat' | 'event';
  /** The event numbers it carries (one for a webhook, one per notification-event for FHIR). */
  numbers: number[];
  reply: Reply;
  /** Why standardwebhooks refused its signature, or a FHIR rule it breaks; empty when none (checked once a secret is known). */
  problems: string[];
}

export type Policy = (arrival: Arrival, index: number) => Reply;

/**
 * A care setting's HTTP endpoint on a real node:http server: answers each request as its policy
 * says, verifies every signature with the standardwebhooks package under the endpoint's secret(s),
 * checks FHIR notifications against R4 and the backport IG, and records every arrival.
 */
export class Receiver {
  readonly arrivals: Arrival[] = [];
  private policy: Policy = () => 'ok';
  private secrets: string[] = [];
  private readonly held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly content: 'empty' | 'id-only' | 'full-resource' = 'id-only') {}

  static async start(content?: 'empty' | 'id-only' | 'full-resource'): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, content);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void receiver.handle(request, response));
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/notifications`;
  }

  /** From now on, each request is answered as `policy` says. */
  answer(policy: Policy | Reply): void {
    this.policy = typeof policy === 'function' ? policy : () => policy;
  }

  /** The secrets a request must verify under (any one of them): arrivals so far are checked now. */
  useSecrets(...secrets: string[]): void {
    this.secrets = secrets;
    for (const arrival of this.arrivals) arrival.problems = this.problemsOf(arrival);
  }

  /** Answers the held requests (200). */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  events(): Arrival[] {
    return this.arrivals.filter((arrival) => arrival.kind === 'event');
  }

  /** Event numbers in order of arrival, each time it arrived. */
  numbers(): number[] {
    return this.events().flatMap((arrival) => arrival.numbers);
  }

  /** Numbers the receiver acknowledged (2xx), in order. */
  acknowledged(): number[] {
    return this.events().filter((arrival) => arrival.reply === 'ok' || arrival.reply === 'hold').flatMap((arrival) => arrival.numbers);
  }

  async waitFor(what: string, done: (receiver: Receiver) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline) throw new Error(`receiver: ${what} did not happen within ${timeoutMs} ms (numbers so far: ${this.numbers().join(',')})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const arrival: Arrival = {
      at: Date.now(), messageId: headers['webhook-id'] ?? '', headers, body, contentType: headers['content-type'] ?? '', ...read(body), reply: 'ok', problems: [],
    };
    arrival.reply = this.policy(arrival, this.arrivals.length);
    arrival.problems = this.problemsOf(arrival);
    this.arrivals.push(arrival);
    const reply = arrival.reply;
    if (reply === 'hang') return;
    if (reply === 'close') return void request.socket.destroy();
    if (reply === 'hold') return void this.held.push(() => response.writeHead(200).end());
    if (reply === 'ok') return void response.writeHead(200).end();
    if (reply === 'gone') return void response.writeHead(410).end();
    response.writeHead(reply.status, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}).end();
  }

  private problemsOf(arrival: Arrival): string[] {
    if (this.secrets.length === 0) return ['no secret to verify with yet'];
    const problems: string[] = [];
    const verified = this.secrets.some((secret) => {
      try {
        new Webhook(secret).verify(arrival.body, arrival.headers);
        return true;
      } catch {
        return false;
      }
    });
    if (!verified) problems.push(`signature of ${arrival.messageId} does not verify`);
    if (arrival.contentType.startsWith('application/fhir+json')) {
      // Indexing the R4 definitions blocks for seconds: tests of FHIR endpoints load them up front.
      loadR4Structure();
      const bundle = JSON.parse(arrival.body) as Bundle;
      problems.push(...r4Issues(bundle).map((issue) => `R4: ${issue.details?.text ?? issue.diagnostics}`), ...backportProblems(bundle, this.content));
    }
    return problems;
  }
}

/** The kind and event numbers of a Standard Webhooks body or a FHIR notification Bundle. */
function read(body: string): Pick<Arrival, 'kind' | 'numbers'> {
  const parsed = JSON.parse(body) as { type?: string; resourceType?: string; data?: { eventNumber?: number } };
  if (parsed.resourceType === 'Bundle') {
    const status = (parsed as Bundle).entry?.[0]?.resource as Parameters | undefined;
    const type = status?.parameter?.find((p) => p.name === 'type')?.valueCode;
    const numbers = (status?.parameter ?? [])
      .filter((p) => p.name === 'notification-event')
      .map((p) => Number(p.part?.find((part) => part.name === 'event-number')?.valueString));
    return { kind: type === 'handshake' || type === 'heartbeat' ? type : 'event', numbers };
  }
  if (parsed.type === 'care-events.handshake') return { kind: 'handshake', numbers: [] };
  if (parsed.type === 'care-events.heartbeat') return { kind: 'heartbeat', numbers: [] };
  return { kind: 'event', numbers: [parsed.data?.eventNumber ?? Number.NaN] };
}
