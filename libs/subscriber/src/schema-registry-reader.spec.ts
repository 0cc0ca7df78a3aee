import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { SchemaRegistryReader } from './schema-registry-reader';
import { SubscriberConfigError } from './subscriber-errors';

describe('SchemaRegistryReader credentials', () => {
  it('sends a bearer token, or basic credentials, with each request', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.end('["AVRO"]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await new SchemaRegistryReader({ url, token: 'eyJ' }).probe();
      await new SchemaRegistryReader({ url, username: 'key', password: 'secret' }).probe();
      expect(seen).toEqual(['Bearer eyJ', `Basic ${Buffer.from('key:secret').toString('base64')}`]);
    } finally {
      server.close();
    }
  });

  it('refuses a token and a username together', () => {
    expect(() => new SchemaRegistryReader({ url: 'http://registry', token: 't', username: 'u' })).toThrow(SubscriberConfigError);
  });
});
