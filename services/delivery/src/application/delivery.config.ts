import { ConfigError, readIntegerSettings } from '@care-events/service-kit';

export const DELIVERY_CONFIG = Symbol('DELIVERY_CONFIG');

type Env = Record<string, string | undefined>;

const NUMBERS = {
  leaseSeconds: { name: 'DELIVERY_LEASE_SECONDS', fallback: 30, min: 5, max: 600 },
  supervisorIntervalMs: { name: 'DELIVERY_SUPERVISOR_INTERVAL_MS', fallback: 5_000, min: 100, max: 60_000 },
  maxBackoffSeconds: { name: 'DELIVERY_MAX_BACKOFF_SECONDS', fallback: 300, min: 1, max: 3_600 },
  pauseAfterMinutes: { name: 'DELIVERY_PAUSE_AFTER_MINUTES', fallback: 30, min: 1, max: 10_080 },
  pauseAfterAttempts: { name: 'DELIVERY_PAUSE_AFTER_ATTEMPTS', fallback: 10, min: 1, max: 10_000 },
  pausedProbeMinutes: { name: 'DELIVERY_PAUSED_PROBE_MINUTES', fallback: 15, min: 1, max: 1_440 },
  timerTickMs: { name: 'DELIVERY_TIMER_TICK_MS', fallback: 1_000, min: 5, max: 60_000 },
  readahead: { name: 'DELIVERY_READAHEAD', fallback: 256, min: 1, max: 10_000 },
  maxInFlightPerHost: { name: 'DELIVERY_MAX_IN_FLIGHT_PER_HOST', fallback: 16, min: 1, max: 1_000 },
  attemptRetentionDays: { name: 'DELIVERY_ATTEMPT_RETENTION_DAYS', fallback: 30, min: 1, max: 3_650 },
  eventsMax: { name: 'DELIVERY_EVENTS_MAX', fallback: 1_000, min: 1, max: 100_000 },
} as const;

export type DeliveryNumbers = { [K in keyof typeof NUMBERS]: number };

export interface DeliveryConfig extends DeliveryNumbers {
  /** Where this service is reached from outside: the base of FHIR Subscription references. */
  publicUrl: string;
  /** The canonical URL of the SubscriptionTopic in FHIR notifications. */
  topicUrl: string;
  careRouterUrl: string;
  careRecordUrl: string;
  /** The base care-record's FHIR references are resolvable at, from the receiver's side. */
  careRecordPublicUrl: string;
  /** Plain-http endpoints, for development and tests only (DELIVERY_ALLOW_HTTP=true); https otherwise. */
  allowHttp: boolean;
  /** AES-256 key sealing secrets, extra headers and client TLS keys at rest. */
  secretsKey: Buffer;
}

/** A fixed key for development and tests; production must name its own (DELIVERY_SECRETS_KEY). */
const DEVELOPMENT_SECRETS_KEY = Buffer.alloc(32, 'care-events-delivery-development').toString('base64');

/** Reads the delivery settings at start-up; every malformed one is named at once. */
export function loadDeliveryConfig(env: Env = process.env): DeliveryConfig {
  const problems: string[] = [];
  let numbers: DeliveryNumbers | undefined;
  try {
    numbers = readIntegerSettings('delivery', NUMBERS, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const url = (name: string, fallback: string) => readUrl(env, name, fallback, problems);
  const publicUrl = url('DELIVERY_PUBLIC_URL', 'http://127.0.0.1:3008');
  const careRecordUrl = url('CARE_RECORD_URL', 'http://127.0.0.1:3006');
  const config = {
    publicUrl,
    topicUrl: url('DELIVERY_TOPIC_URL', `${publicUrl}/fhir/SubscriptionTopic/care-setting-feed`),
    careRouterUrl: url('CARE_ROUTER_URL', 'http://127.0.0.1:3007'),
    careRecordUrl,
    careRecordPublicUrl: url('CARE_RECORD_PUBLIC_URL', careRecordUrl),
    allowHttp: readFlag(env, 'DELIVERY_ALLOW_HTTP', false, problems),
    secretsKey: readKey(env, problems),
  };
  if (problems.length || !numbers) throw new ConfigError('delivery', problems);
  return { ...numbers, ...config };
}

function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name]?.trim() || fallback;
  try {
    if (!['http:', 'https:'].includes(new URL(raw).protocol)) throw new Error();
  } catch {
    problems.push(`${name} must be an http or https URL (got "${raw}")`);
  }
  return raw.replace(/\/$/, '');
}

function readFlag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw !== 'true' && raw !== 'false') problems.push(`${name} must be true or false (got "${raw}")`);
  return raw === 'true';
}

function readKey(env: Env, problems: string[]): Buffer {
  const raw = env.DELIVERY_SECRETS_KEY?.trim();
  if (!raw && env.NODE_ENV === 'production') {
    problems.push('DELIVERY_SECRETS_KEY is required when NODE_ENV=production');
    return Buffer.alloc(0);
  }
  const key = Buffer.from(raw || DEVELOPMENT_SECRETS_KEY, 'base64');
  if (key.length !== 32) problems.push('DELIVERY_SECRETS_KEY must be 32 bytes in base64');
  return key;
}

export const deliveryConfigProvider = { provide: DELIVERY_CONFIG, useFactory: () => loadDeliveryConfig() };
