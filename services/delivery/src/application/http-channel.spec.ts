import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { newSigningSecret } from '../domain/webhook-signature';
import { HttpChannel } from './http-channel';
import { OutgoingNotification } from './notification-format';

/** A real receiver on a local port; `handle` answers each request. */
async function receiver(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    handle(request, Buffer.concat(chunks).toString(), response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const notification: OutgoingNotification = {
  kind: 'event', messageId: '5f1b2c3d-0000-4000-8000-000000000001', contentType: 'application/json', body: Buffer.from('{"type":"t","data":{"eventNumber":1}}'), firstNumber: 1, count: 1,
};

describe('HttpChannel against a real HTTP server', () => {
  const servers: Server[] = [];
  const channels: HttpChannel[] = [];
  afterAll(async () => {
    channels.forEach((channel) => channel.close());
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  const open = async (handle: Parameters<typeof receiver>[0], secrets = [newSigningSecret()], headers: Record<string, string> = {}) => {
    const { server, url } = await receiver(handle);
    servers.push(server);
    const channel = new HttpChannel({ url, headers, tls: null, signingSecrets: () => secrets });
    channels.push(channel);
    return { channel, secrets };
  };

  it('POSTs the body with the extra headers, signed so that standardwebhooks verifies it under each secret', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | undefined;
    const { channel, secrets } = await open((request, body, response) => {
      seen = { headers: request.headers, body };
      response.writeHead(204).end();
    }, [newSigningSecret(), newSigningSecret()], { 'x-api-key': 'k1' });
    const sent = await channel.send(notification, 1_000);
    expect(sent.result).toEqual({ kind: 'response', status: 204, retryAfter: undefined });
    expect(seen!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': notification.messageId, 'x-api-key': 'k1' });
    for (const secret of secrets) expect(new Webhook(secret).verify(seen!.body, seen!.headers as Record<string, string>)).toEqual(JSON.parse(seen!.body));
  });

  it('does not follow a redirect, and passes Retry-After on', async () => {
    const { channel } = await open((request, _, response) => {
      if (request.url === '/hook') response.writeHead(307, { location: '/elsewhere', 'retry-after': '7' }).end();
      else response.writeHead(200).end();
    });
    expect((await channel.send(notification, 1_000)).result).toEqual({ kind: 'response', status: 307, retryAfter: '7' });
  });

  it('gives up after the timeout, and calls a dropped connection a connection error', async () => {
    const { channel: hanging } = await open(() => undefined);
    const waited = await hanging.send(notification, 200);
    expect(waited.result).toEqual({ kind: 'timeout' });
    expect(waited.latencyMs).toBeGreaterThanOrEqual(190);
    const { channel: dropping } = await open((request) => request.socket.destroy());
    expect((await dropping.send(notification, 1_000)).result).toMatchObject({ kind: 'connection-error' });
  });

  it('reads no more than 64 KiB of an answer', async () => {
    const { channel } = await open((_, __, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write(Buffer.alloc(1024 * 1024, 'x'));
      // Never ends: only the channel's limit ends the exchange.
    });
    expect((await channel.send(notification, 2_000)).result).toEqual({ kind: 'response', status: 200, retryAfter: undefined });
  });
});
