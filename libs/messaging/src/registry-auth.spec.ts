import { createServer } from 'node:http';
import { readRegistryAuth, registryAuthorization, withoutUserInfo } from './registry-auth';
import { SchemaRegistryClient } from './schema-registry-client';

describe('schema registry credentials', () => {
  it('reads basic credentials from variables or from the URL, or a bearer token', () => {
    expect(readRegistryAuth({ SCHEMA_REGISTRY_USERNAME: 'key', SCHEMA_REGISTRY_PASSWORD: 'secret' })).toEqual({ auth: { username: 'key', password: 'secret' }, problems: [] });
    expect(readRegistryAuth({ SCHEMA_REGISTRY_URL: 'https://key:s%40cret@registry.example.com/apis/ccompat/v7' }).auth).toEqual({ username: 'key', password: 's@cret' });
    expect(readRegistryAuth({ SCHEMA_REGISTRY_TOKEN: 'eyJ' }).auth).toEqual({ token: 'eyJ' });
    expect(readRegistryAuth({ SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081' })).toEqual({ auth: undefined, problems: [] });
  });

  it('makes the authorization header', () => {
    expect(registryAuthorization({ username: 'key', password: 'secret' })).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`);
    expect(registryAuthorization({ token: 'eyJ' })).toBe('Bearer eyJ');
  });

  it('names the variables that do not hold together', () => {
    expect(readRegistryAuth({ SCHEMA_REGISTRY_USERNAME: 'key' }).problems).toEqual(['SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together']);
    expect(readRegistryAuth({ SCHEMA_REGISTRY_TOKEN: 't', SCHEMA_REGISTRY_URL: 'https://k:s@registry' }).problems).toEqual([
      'give one way to authenticate to the schema registry, not SCHEMA_REGISTRY_TOKEN and credentials in SCHEMA_REGISTRY_URL',
    ]);
  });

  it('keeps credentials out of the URL that is fetched and logged', () => {
    expect(withoutUserInfo('https://key:secret@registry.example.com/apis/ccompat/v7')).toBe('https://registry.example.com/apis/ccompat/v7');
    expect(withoutUserInfo('http://127.0.0.1:8081/apis/ccompat/v7')).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });
});

describe('SchemaRegistryClient credentials', () => {
  it('sends them on every request, to the URL without its user-info', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await new SchemaRegistryClient(`http://key:secret@127.0.0.1:${port}`).isReachable()).toBe(true);
      expect(await new SchemaRegistryClient(`http://127.0.0.1:${port}`, { token: 'eyJ' }).isReachable()).toBe(true);
      expect(seen).toEqual([`Basic ${Buffer.from('key:secret').toString('base64')}`, 'Bearer eyJ']);
    } finally {
      server.close();
    }
  });
});
