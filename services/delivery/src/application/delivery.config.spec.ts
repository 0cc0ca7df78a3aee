import { ConfigError } from '@care-events/service-kit';
import { loadDeliveryConfig } from './delivery.config';

describe('loadDeliveryConfig', () => {
  it('has local defaults outside production', () => {
    const config = loadDeliveryConfig({});
    expect(config).toMatchObject({
      publicUrl: 'http://127.0.0.1:3008', topicUrl: 'http://127.0.0.1:3008/fhir/SubscriptionTopic/care-setting-feed', careRouterUrl: 'http://127.0.0.1:3007',
      careRecordPublicUrl: 'http://127.0.0.1:3006', allowHttp: false, leaseSeconds: 30, maxBackoffSeconds: 300, pauseAfterMinutes: 30, pauseAfterAttempts: 10,
      pausedProbeMinutes: 15, timerTickMs: 1_000, readahead: 256, attemptRetentionDays: 30, eventsMax: 1_000,
    });
    expect(config.secretsKey).toHaveLength(32);
  });

  it('derives the topic URL from the public URL, without a trailing slash', () => {
    expect(loadDeliveryConfig({ DELIVERY_PUBLIC_URL: 'https://delivery.example.nhs.uk/' }).topicUrl).toBe('https://delivery.example.nhs.uk/fhir/SubscriptionTopic/care-setting-feed');
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      loadDeliveryConfig({ DELIVERY_LEASE_SECONDS: '1', CARE_ROUTER_URL: 'ftp://x', DELIVERY_ALLOW_HTTP: 'yes', DELIVERY_SECRETS_KEY: 'c2hvcnQ=' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'DELIVERY_LEASE_SECONDS must be a whole number from 5 to 600 (got "1")',
      'CARE_ROUTER_URL must be an http or https URL (got "ftp://x")',
      'DELIVERY_ALLOW_HTTP must be true or false (got "yes")',
      'DELIVERY_SECRETS_KEY must be 32 bytes in base64',
    ]);
  });

  it('in production, requires its own key', () => {
    expect(() => loadDeliveryConfig({ NODE_ENV: 'production' })).toThrow('DELIVERY_SECRETS_KEY is required when NODE_ENV=production');
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadDeliveryConfig({ NODE_ENV: 'production', DELIVERY_SECRETS_KEY: key }).secretsKey).toEqual(Buffer.alloc(32, 7));
  });

  it('allows plain http endpoints only when told to', () => {
    expect(loadDeliveryConfig({ DELIVERY_ALLOW_HTTP: 'true' }).allowHttp).toBe(true);
  });
});
