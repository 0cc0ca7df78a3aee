import http from 'node:http';
import https from 'node:https';
import { ChannelResult } from '../domain/delivery-outcome';
import { signatureHeader } from '../domain/webhook-signature';
import { OutgoingNotification } from './notification-format';

export interface ChannelSend {
  result: ChannelResult;
  /** Real time from the request's start to its answer (or to giving up). */
  latencyMs: number;
}

/** A way to hand notifications to a receiver: HTTPS here; a MESH mailbox would be another. */
export interface Channel {
  send(notification: OutgoingNotification, timeoutMs: number): Promise<ChannelSend>;
  close(): void;
}

export interface ClientTls {
  certificatePem: string;
  privateKeyPem: string;
  caPem?: string;
}

export interface HttpTarget {
  url: string;
  /** The endpoint's extra headers (e.g. an API key its gateway asks for). */
  headers: Record<string, string>;
  tls: ClientTls | null;
  /** The unexpired signing secrets, newest first, at the time of each request. */
  signingSecrets: () => string[];
}

/** A receiver's answer is read only this far: its body says nothing the status does not. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs notifications to one endpoint over one keep-alive connection (its own agent, carrying its
 * client certificate), signed afresh at each attempt with the wall-clock time (receivers check it
 * against their own clocks). Redirects are not followed; no answer within the timeout is a timeout.
 */
export class HttpChannel implements Channel {
  private readonly url: URL;
  private readonly agent: http.Agent;

  constructor(private readonly target: HttpTarget) {
    this.url = new URL(target.url);
    const tls = target.tls ? { cert: target.tls.certificatePem, key: target.tls.privateKeyPem, ...(target.tls.caPem ? { ca: target.tls.caPem } : {}) } : {};
    this.agent = this.url.protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 1, ...tls }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** host:port, the key of the per-host limit. */
  get host(): string {
    return this.url.host;
  }

  send(notification: OutgoingNotification, timeoutMs: number): Promise<ChannelSend> {
    const timestamp = Math.floor(Date.now() / 1_000);
    const headers = {
      ...this.target.headers,
      'content-type': notification.contentType,
      'content-length': String(notification.body.length),
      'user-agent': 'care-events-delivery/1',
      'webhook-id': notification.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(this.target.signingSecrets(), notification.messageId, timestamp, notification.body),
    };
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: ChannelResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ result, latencyMs: Math.round(performance.now() - started) });
      };
      const client = this.url.protocol === 'https:' ? https : http;
      const request = client.request(this.url, { method: 'POST', agent: this.agent, headers });
      const timer = setTimeout(() => {
        settle({ kind: 'timeout' });
        request.destroy();
      }, timeoutMs);
      request.on('response', (response) => {
        const answer: ChannelResult = { kind: 'response', status: response.statusCode ?? 0, retryAfter: first(response.headers['retry-after']) };
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on('end', () => settle(answer));
        response.on('close', () => settle(answer));
      });
      request.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'connection-error', error: error.code ?? error.message }));
      request.end(notification.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
