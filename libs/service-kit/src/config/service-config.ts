import { AuthSettings, readAuthSettings } from '@care-events/auth';
import { readKafkaSecurity, readRegistryAuth } from '@care-events/messaging';
import { ConfigError } from './config-error';

export interface ServiceConfig {
  service: string;
  port: number;
  databaseUrl: string;
  /** Connections of the service's TypeORM pool per process; the relay's leadership holds one more of its own. */
  databasePoolSize: number;
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The issuer whose bearer tokens every API call must carry (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL, AUTH_CLOCK_SKEW_SECONDS). */
  auth: AuthSettings;
  outbox: { batchSize: number; pollIntervalMs: number; lingerMs: number; retentionHours: number };
  consumer: {
    group: string;
    retryAttempts: number;
    retryBackoffMs: number;
    retryMaxBackoffMs: number;
    handlerTimeoutMs: number;
    sessionTimeoutMs: number;
    concurrency: number;
    batchSize: number;
  };
}

type Env = Record<string, string | undefined>;

const LOCAL_DEFAULTS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
};

/**
 * Reads and checks every setting at start-up. Outside production the local platform's
 * defaults apply; in production (NODE_ENV=production) the connection settings must be given.
 * The token issuer has no default anywhere. All problems are reported at once, each naming its variable.
 */
export function loadServiceConfig(service: string, defaultPort: number, env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems, env.NODE_ENV === 'production');
  const config: Omit<ServiceConfig, 'auth'> = {
    service,
    port: read.integer('PORT', defaultPort, 1, 65_535),
    databaseUrl: read.url(databaseUrlVariable(service), undefined, ['postgres:', 'postgresql:']) ?? databaseFor(read, service),
    // replicas × (pool + 1) of every service must fit the server's max_connections (deploy/kubernetes/README.md).
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 20, 1, 200),
    kafkaBrokers: read.brokers('KAFKA_BROKERS'),
    schemaRegistryUrl: read.url('SCHEMA_REGISTRY_URL', LOCAL_DEFAULTS.SCHEMA_REGISTRY_URL, ['http:', 'https:']) ?? '',
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error'] as const),
    outbox: {
      batchSize: read.integer('OUTBOX_BATCH_SIZE', 1_000, 1, 10_000),
      pollIntervalMs: read.integer('OUTBOX_POLL_INTERVAL_MS', 1_000, 10, 60_000),
      lingerMs: read.integer('OUTBOX_LINGER_MS', 0, 0, 1_000),
      retentionHours: read.integer('OUTBOX_RETENTION_HOURS', 168, 1, 24 * 365),
    },
    consumer: {
      group: read.text('CONSUMER_GROUP', service),
      retryAttempts: read.integer('CONSUMER_RETRY_ATTEMPTS', 5, 1, 100),
      retryBackoffMs: read.integer('CONSUMER_RETRY_BACKOFF_MS', 200, 1, 60_000),
      retryMaxBackoffMs: read.integer('CONSUMER_RETRY_MAX_BACKOFF_MS', 30_000, 100, 600_000),
      handlerTimeoutMs: read.integer('CONSUMER_HANDLER_TIMEOUT_MS', 30_000, 100, 600_000),
      // The broker refuses sessions outside group.min/max.session.timeout.ms (6 s and 30 min by default).
      sessionTimeoutMs: read.integer('CONSUMER_SESSION_TIMEOUT_MS', 30_000, 6_000, 300_000),
      concurrency: read.integer('CONSUMER_PARTITIONS_CONCURRENTLY', 3, 1, 64),
      batchSize: read.integer('CONSUMER_BATCH_SIZE', 500, 1, 10_000),
    },
  };
  const auth = readAuthSettings(env);
  problems.push(...auth.problems);
  // Checked here so that a service with unusable credentials does not start; every Kafka and registry
  // client of the process reads the same variables through the same functions.
  problems.push(...readKafkaSecurity(env).problems, ...readRegistryAuth(env).problems);
  if (problems.length || !auth.settings) throw new ConfigError(service, problems);
  return { ...config, auth: auth.settings };
}

/** The variable naming a service's own database: IDENTITY_DATABASE_URL, CARE_RECORD_DATABASE_URL. */
export function databaseUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
}

/** A service's own database on the shared server: DATABASE_URL with the service's database name. */
function databaseFor(read: EnvReader, service: string): string {
  const server = read.url('DATABASE_URL', LOCAL_DEFAULTS.DATABASE_URL, ['postgres:', 'postgresql:']);
  if (!server) return '';
  const url = new URL(server);
  url.pathname = `/${service.replace(/-/g, '_')}`;
  return url.toString();
}

class EnvReader {
  constructor(private readonly env: Env, private readonly problems: string[], private readonly production: boolean) {}

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  }

  url(name: string, localDefault: string | undefined, protocols: string[]): string | undefined {
    const raw = this.value(name, localDefault);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) throw new Error();
      return raw.replace(/\/$/, '');
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${raw}")`);
      return undefined;
    }
  }

  brokers(name: string): string[] {
    const raw = this.value(name, LOCAL_DEFAULTS.KAFKA_BROKERS) ?? '';
    const brokers = raw.split(',').map((b) => b.trim()).filter(Boolean);
    if (raw && brokers.some((b) => !/^[\w.-]+:\d{1,5}$/.test(b))) {
      this.problems.push(`${name} must be a comma-separated list of host:port (got "${raw}")`);
    }
    return brokers;
  }

  text(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name] ?? fallback;
    if (!allowed.includes(raw as T)) this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return raw as T;
  }

  private value(name: string, localDefault: string | undefined): string | undefined {
    const raw = this.env[name];
    if (raw !== undefined && raw !== '') return raw;
    if (this.production && localDefault !== undefined) {
      this.problems.push(`${name} is required when NODE_ENV=production`);
      return undefined;
    }
    return localDefault;
  }
}
