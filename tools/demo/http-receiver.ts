import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request as it arrived: header names in lower case, the body exactly as sent (signatures cover its bytes). */
export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * A care setting's HTTP endpoint, a real node:http server in this process on 127.0.0.1: `answer`
 * gives each request's status. A request it cannot make sense of (it throws) is answered 400.
 */
export class HttpReceiver {
  private constructor(private readonly server: Server) {}

  static async start(answer: (request: ReceivedRequest) => number, options: { keepAliveTimeoutMs?: number } = {}): Promise<HttpReceiver> {
    const server = createServer((request, response) => void respond(request, response, answer));
    if (options.keepAliveTimeoutMs) server.keepAliveTimeout = options.keepAliveTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new HttpReceiver(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/care-events`;
  }

  /** Stops listening and drops delivery's kept-alive connections, so the demo can exit. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}

async function respond(request: IncomingMessage, response: ServerResponse, answer: (request: ReceivedRequest) => number): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
  let status: number;
  try {
    status = answer({ headers, body: Buffer.concat(chunks).toString('utf8') });
  } catch {
    status = 400;
  }
  response.writeHead(status).end();
}
