import { loadServiceConfig } from './service-config';

/** The one setting without a default: where tokens come from. */
const ISSUER = { AUTH_ISSUER: 'http://127.0.0.1:3090' };

describe('loadServiceConfig', () => {
  it('uses the local platform defaults and the service database', () => {
    const config = loadServiceConfig('identity', 3001, ISSUER);
    expect(config.port).toBe(3001);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/identity');
    expect(config.schemaRegistryUrl).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });

  it('prefers <SERVICE>_DATABASE_URL over DATABASE_URL', () => {
    const config = loadServiceConfig('identity', 3001, {
      ...ISSUER,
      DATABASE_URL: 'postgres://a@db:5432/x',
      IDENTITY_DATABASE_URL: 'postgres://b@other:5432/identity_prod',
    });
    expect(config.databaseUrl).toBe('postgres://b@other:5432/identity_prod');
  });

  it('reads the consumer time budget and retry pace', () => {
    expect(loadServiceConfig('records', 3002, ISSUER).consumer).toMatchObject({ handlerTimeoutMs: 30_000, retryMaxBackoffMs: 30_000 });
    const config = loadServiceConfig('records', 3002, { ...ISSUER, CONSUMER_HANDLER_TIMEOUT_MS: '5000', CONSUMER_RETRY_MAX_BACKOFF_MS: '2000' });
    expect(config.consumer).toMatchObject({ handlerTimeoutMs: 5_000, retryMaxBackoffMs: 2_000 });
  });

  it('reads the consumer session timeout within what the broker accepts', () => {
    expect(loadServiceConfig('records', 3002, ISSUER).consumer.sessionTimeoutMs).toBe(30_000);
    expect(loadServiceConfig('records', 3002, { ...ISSUER, CONSUMER_SESSION_TIMEOUT_MS: '6000' }).consumer.sessionTimeoutMs).toBe(6_000);
    expect(() => loadServiceConfig('records', 3002, { ...ISSUER, CONSUMER_SESSION_TIMEOUT_MS: '1000' })).toThrow(/CONSUMER_SESSION_TIMEOUT_MS/);
  });

  it('reads the batch size of a consumer that takes batches', () => {
    expect(loadServiceConfig('care-router', 3007, ISSUER).consumer.batchSize).toBe(500);
    expect(loadServiceConfig('care-router', 3007, { ...ISSUER, CONSUMER_BATCH_SIZE: '50' }).consumer.batchSize).toBe(50);
    expect(() => loadServiceConfig('care-router', 3007, { ...ISSUER, CONSUMER_BATCH_SIZE: '0' })).toThrow(/CONSUMER_BATCH_SIZE/);
  });

  it('reads the database pool size, bounded so that replicas times pool fit the server', () => {
    expect(loadServiceConfig('identity', 3001, ISSUER).databasePoolSize).toBe(20);
    expect(loadServiceConfig('identity', 3001, { ...ISSUER, DATABASE_POOL_SIZE: '5' }).databasePoolSize).toBe(5);
    expect(() => loadServiceConfig('identity', 3001, { ...ISSUER, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 200/);
  });

  it("reads the relay's linger: none unless asked for, at most a second", () => {
    expect(loadServiceConfig('identity', 3001, ISSUER).outbox.lingerMs).toBe(0);
    expect(loadServiceConfig('identity', 3001, { ...ISSUER, OUTBOX_LINGER_MS: '10' }).outbox.lingerMs).toBe(10);
    expect(() => loadServiceConfig('identity', 3001, { ...ISSUER, OUTBOX_LINGER_MS: '1001' })).toThrow(/OUTBOX_LINGER_MS must be a whole number from 0 to 1000/);
  });

  it('names every malformed variable at once', () => {
    expect(() => loadServiceConfig('identity', 3001, { ...ISSUER, PORT: 'eighty', KAFKA_BROKERS: 'nohost', LOG_LEVEL: 'loud' })).toThrow(
      /PORT must be a whole number from 1 to 65535 \(got "eighty"\)[\s\S]*KAFKA_BROKERS must be a comma-separated list[\s\S]*LOG_LEVEL must be one of/,
    );
  });

  it('reads where tokens come from, with the audience and clock skew', () => {
    expect(loadServiceConfig('identity', 3001, ISSUER).auth).toEqual({ issuer: 'http://127.0.0.1:3090', audience: 'care-events', clockToleranceSeconds: 30 });
    const config = loadServiceConfig('identity', 3001, {
      AUTH_ISSUER: 'https://auth.example.nhs.uk', AUTH_AUDIENCE: 'care-events-prod', AUTH_JWKS_URL: 'https://auth.example.nhs.uk/keys', AUTH_CLOCK_SKEW_SECONDS: '5',
    });
    expect(config.auth).toEqual({ issuer: 'https://auth.example.nhs.uk', audience: 'care-events-prod', jwksUrl: 'https://auth.example.nhs.uk/keys', clockToleranceSeconds: 5 });
  });

  it('refuses to start without a token issuer, naming AUTH_ISSUER with the other problems', () => {
    expect(() => loadServiceConfig('identity', 3001, {})).toThrow(/identity cannot start[\s\S]*AUTH_ISSUER is required/);
    expect(() => loadServiceConfig('identity', 3001, { PORT: 'eighty' })).toThrow(/PORT must be a whole number[\s\S]*AUTH_ISSUER is required/);
    expect(() => loadServiceConfig('identity', 3001, { ...ISSUER, AUTH_CLOCK_SKEW_SECONDS: 'lots' })).toThrow(/AUTH_CLOCK_SKEW_SECONDS/);
  });

  it('requires the connection settings in production', () => {
    expect(() => loadServiceConfig('identity', 3001, { ...ISSUER, NODE_ENV: 'production' })).toThrow(
      /KAFKA_BROKERS is required[\s\S]*SCHEMA_REGISTRY_URL is required/,
    );
  });

  it('refuses Kafka and registry credentials that do not hold together, naming each variable', () => {
    expect(() => loadServiceConfig('identity', 3001, {
      ...ISSUER, PORT: 'eighty', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'identity', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem', SCHEMA_REGISTRY_USERNAME: 'key',
    })).toThrow(
      /PORT must be a whole number[\s\S]*KAFKA_SSL_CA_FILE names a file that cannot be read \(\/nowhere\/ca.pem: ENOENT\)[\s\S]*KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is scram-sha-512[\s\S]*SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together/,
    );
  });
});
