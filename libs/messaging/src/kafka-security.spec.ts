import { kafkaJsSecurity, readKafkaSecurity } from './kafka-security';

const files: Record<string, string> = { '/tls/ca.pem': 'CA PEM', '/tls/client.pem': 'CLIENT PEM', '/tls/client.key': 'CLIENT KEY' };
const readFile = (path: string) => {
  if (!(path in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return files[path];
};
const read = (env: Record<string, string>) => readKafkaSecurity(env, readFile);

describe('readKafkaSecurity', () => {
  it('is plaintext without authentication when nothing is set', () => {
    expect(read({})).toEqual({ security: {}, problems: [] });
    expect(kafkaJsSecurity({})).toEqual({});
  });

  it('reads TLS with a CA and a client certificate, and SCRAM-SHA-512', () => {
    const { security, problems } = read({
      KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/tls/ca.pem', KAFKA_SSL_CERT_FILE: '/tls/client.pem', KAFKA_SSL_KEY_FILE: '/tls/client.key',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'identity', KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(problems).toEqual([]);
    expect(kafkaJsSecurity(security)).toEqual({
      ssl: { ca: ['CA PEM'], cert: 'CLIENT PEM', key: 'CLIENT KEY' },
      sasl: { mechanism: 'scram-sha-512', username: 'identity', password: 's3cret' },
    });
  });

  it('turns TLS on with the system CAs for KAFKA_SSL=true alone, and with a CA file alone', () => {
    expect(kafkaJsSecurity(read({ KAFKA_SSL: 'true' }).security)).toEqual({ ssl: true });
    expect(kafkaJsSecurity(read({ KAFKA_SSL_CA_FILE: '/tls/ca.pem' }).security)).toEqual({ ssl: { ca: ['CA PEM'] } });
  });

  it('reads OAUTHBEARER client credentials and gives kafkajs a token provider', () => {
    const { security, problems } = read({
      KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://login.example.com/oauth2/token',
      KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'identity', KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: 'x', KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka',
    });
    expect(problems).toEqual([]);
    expect(security.sasl).toEqual({ mechanism: 'oauthbearer', tokenUrl: 'https://login.example.com/oauth2/token', clientId: 'identity', clientSecret: 'x', scope: 'kafka' });
    expect(kafkaJsSecurity(security).sasl).toEqual({ mechanism: 'oauthbearer', oauthBearerProvider: expect.any(Function) });
  });

  it.each([
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be true or false (got "yes")'],
    [{ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '/tls/ca.pem' }, 'KAFKA_SSL is false but KAFKA_SSL_CA_FILE is set'],
    [{ KAFKA_SSL_CA_FILE: '/tls/missing.pem' }, 'KAFKA_SSL_CA_FILE names a file that cannot be read (/tls/missing.pem: ENOENT)'],
    [{ KAFKA_SSL_CERT_FILE: '/tls/client.pem' }, 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together: a client certificate needs its key'],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, oauthbearer (got "gssapi")'],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'identity' }, 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is scram-sha-512'],
    [{ KAFKA_SASL_USERNAME: 'identity', KAFKA_SASL_PASSWORD: 'x' }, 'KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not (plain, scram-sha-256, scram-sha-512, oauthbearer)'],
    [{ KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'login.example.com', KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'a', KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: 'b' },
      'KAFKA_SASL_OAUTHBEARER_TOKEN_URL must be an http: or https: URL (got "login.example.com")'],
    [{ KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://login.example.com/token' },
      'KAFKA_SASL_OAUTHBEARER_CLIENT_ID is required when KAFKA_SASL_MECHANISM is oauthbearer'],
  ])('names the variable at fault: %j', (env, problem) => {
    expect(read(env).problems).toContain(problem);
  });
});
