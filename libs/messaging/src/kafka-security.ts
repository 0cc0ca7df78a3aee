import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { clientCredentialsTokenProvider } from './oauth-client-credentials';

type Env = Record<string, string | undefined>;

/** TLS to the brokers: the CA to trust (else the system's), and a client certificate for mutual TLS. */
export interface KafkaTls {
  ca?: string;
  cert?: string;
  key?: string;
  keyPassword?: string;
}

export type KafkaSasl =
  | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
  /** A managed cluster's OAuth: a client-credentials token from the issuer's token endpoint. */
  | { mechanism: 'oauthbearer'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

/** How a client proves itself to Kafka. Empty: plaintext, no authentication (the local platform). */
export interface KafkaSecurity {
  tls?: KafkaTls;
  sasl?: KafkaSasl;
}

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'] as const;

/**
 * The Kafka security settings of every client of this repository (services, relay, consumers,
 * provisioning, the platform CLI), read from one set of variables. Certificate files are read here,
 * so a missing file is reported at start-up with its variable, not at the first connection.
 */
export function readKafkaSecurity(env: Env, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): { security: KafkaSecurity; problems: string[] } {
  const problems: string[] = [];
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const file = (name: string) => {
    const path = value(name);
    if (!path) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      problems.push(`${name} names a file that cannot be read (${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
  };

  const security: KafkaSecurity = {};
  const ssl = value('KAFKA_SSL');
  if (ssl !== undefined && ssl !== 'true' && ssl !== 'false') problems.push(`KAFKA_SSL must be true or false (got "${ssl}")`);
  const tlsFiles = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'].filter((name) => value(name));
  if (ssl === 'false' && tlsFiles.length) problems.push(`KAFKA_SSL is false but ${tlsFiles.join(', ')} ${tlsFiles.length > 1 ? 'are' : 'is'} set`);
  if (!!value('KAFKA_SSL_CERT_FILE') !== !!value('KAFKA_SSL_KEY_FILE')) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together: a client certificate needs its key');
  }
  if (ssl === 'true' || (ssl !== 'false' && tlsFiles.length)) {
    security.tls = omitUndefined({ ca: file('KAFKA_SSL_CA_FILE'), cert: file('KAFKA_SSL_CERT_FILE'), key: file('KAFKA_SSL_KEY_FILE'), keyPassword: value('KAFKA_SSL_KEY_PASSWORD') });
  }

  const mechanism = value('KAFKA_SASL_MECHANISM')?.toLowerCase();
  const required = (name: string) => {
    const given = value(name);
    if (!given) problems.push(`${name} is required when KAFKA_SASL_MECHANISM is ${mechanism}`);
    return given ?? '';
  };
  if (mechanism === undefined) {
    const stray = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_OAUTHBEARER_TOKEN_URL'].filter((name) => value(name));
    if (stray.length) problems.push(`${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set but KAFKA_SASL_MECHANISM is not (${SASL_MECHANISMS.join(', ')})`);
  } else if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')} (got "${value('KAFKA_SASL_MECHANISM')}")`);
  } else if (mechanism === 'oauthbearer') {
    const tokenUrl = required('KAFKA_SASL_OAUTHBEARER_TOKEN_URL');
    if (tokenUrl && !/^https?:\/\/[^\s]+$/.test(tokenUrl)) problems.push(`KAFKA_SASL_OAUTHBEARER_TOKEN_URL must be an http: or https: URL (got "${tokenUrl}")`);
    security.sasl = omitUndefined({
      mechanism: 'oauthbearer' as const, tokenUrl,
      clientId: required('KAFKA_SASL_OAUTHBEARER_CLIENT_ID'),
      clientSecret: required('KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET'),
      scope: value('KAFKA_SASL_OAUTHBEARER_SCOPE'),
    });
  } else {
    security.sasl = { mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512', username: required('KAFKA_SASL_USERNAME'), password: required('KAFKA_SASL_PASSWORD') };
  }
  return { security, problems };
}

/** Thrown when a client is made from variables that do not hold together. */
export class KafkaSecurityConfigError extends Error {
  override readonly name = 'KafkaSecurityConfigError';
  constructor(readonly problems: string[]) {
    super(`Kafka security settings are invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The settings of this process's environment; read on each call, as tests start clients under other variables. */
export function kafkaSecurityFromEnvironment(): KafkaSecurity {
  const { security, problems } = readKafkaSecurity(process.env);
  if (problems.length) throw new KafkaSecurityConfigError(problems);
  return security;
}

/** The kafkajs `ssl` and `sasl` options for the settings. */
export function kafkaJsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = security;
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (tls) {
    options.ssl = Object.keys(tls).length ? omitUndefined({ ca: tls.ca ? [tls.ca] : undefined, cert: tls.cert, key: tls.key, passphrase: tls.keyPassword }) : true;
  }
  if (sasl?.mechanism === 'oauthbearer') {
    const token = tokenProviderFor(sasl);
    options.sasl = { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await token() }) };
  } else if (sasl) {
    options.sasl = sasl as SASLOptions;
  }
  return options;
}

/** One token provider per credentials: every client of the process (and each readiness probe) shares its token. */
const tokenProviders = new Map<string, () => Promise<string>>();
function tokenProviderFor(credentials: Extract<KafkaSasl, { mechanism: 'oauthbearer' }>): () => Promise<string> {
  const key = JSON.stringify([credentials.tokenUrl, credentials.clientId, credentials.clientSecret, credentials.scope]);
  let provider = tokenProviders.get(key);
  if (!provider) tokenProviders.set(key, (provider = clientCredentialsTokenProvider(credentials)));
  return provider;
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
