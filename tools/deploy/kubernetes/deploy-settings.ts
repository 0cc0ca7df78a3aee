import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repositoryRoot = join(__dirname, '..', '..', '..');

/** One service of deploy/services.json, as far as its manifests need it. */
export interface DeployedService {
  name: string;
  port: number;
}

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** How an environment's clients authenticate to Kafka (libs/messaging/src/kafka-security.ts reads the variables). */
export interface KafkaCredentials {
  saslMechanism: string;
  /** Secret `<prefix><user>` in the namespace holds the user's password under key `password`. */
  userSecretPrefix: string;
  /** The user the provisioning Job creates topics and alters their config as. */
  provisioningUser: string;
  /** Secret with the cluster CA's PEM under key `ca.crt`. */
  caSecret: string;
}

/** What an overlay sets; the base carries BASE_ENVIRONMENT. */
export interface Environment {
  replicas: number;
  minAvailable: number;
  databasePoolSize: number;
  postgresMaxConnections: number;
  postgresReservedConnections: number;
  logLevel: string;
  resources: Resources;
  config: Record<string, string>;
  /** Absent: plaintext without authentication. */
  kafka?: KafkaCredentials;
}

export interface ServiceExtras {
  env?: Record<string, string>;
  secretEnv?: string[];
  /** In-namespace services it calls over HTTP (egress to their pods and ports). */
  callsServices?: string[];
}

export interface PlatformEndpoint {
  namespace: string;
  ports: number[];
}

/** deploy/kubernetes/settings.json. */
export interface DeploySettings {
  namespace: string;
  image: { name: string; newName: string; newTag: string };
  platform: {
    kafka: PlatformEndpoint;
    schemaRegistry: PlatformEndpoint;
    postgres: PlatformEndpoint;
    otlp: PlatformEndpoint;
    ingressNamespace: string;
    monitoringNamespace: string;
  };
  services: Record<string, ServiceExtras>;
  environments: Record<string, Environment>;
}

/** The base's own values, which every overlay replaces; never deployed as they stand. */
export const BASE_ENVIRONMENT: Environment = {
  replicas: 2,
  minAvailable: 1,
  databasePoolSize: 20,
  postgresMaxConnections: 100,
  postgresReservedConnections: 10,
  logLevel: 'info',
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  config: { KAFKA_BROKERS: 'kafka:9092', SCHEMA_REGISTRY_URL: 'http://schema-registry:8080/apis/ccompat/v7', AUTH_ISSUER: 'https://issuer.example' },
};

/** A rolling update starts one new pod per Deployment before an old one stops (maxSurge). */
export const MAX_SURGE = 1;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8')) as T;

export const readDeployedServices = (): DeployedService[] => readJson<{ services: DeployedService[] }>('deploy/services.json').services;

/** Its `$comment` keys stay: nothing looks a service or an environment up by such a name. */
export const readDeploySettings = (): DeploySettings => readJson<DeploySettings>('deploy/kubernetes/settings.json');

/**
 * PostgreSQL connections the environment can open at once: every service's replicas (one more of each
 * during a rolling update) with a full pool and the outbox relay's leadership connection, plus the
 * provisioning Job's one. The services' databases share one server, so this must fit its
 * max_connections less what is kept for superusers, the registry and operators.
 */
export function peakConnections(environment: Environment, serviceCount: number): number {
  return serviceCount * (environment.replicas + MAX_SURGE) * (environment.databasePoolSize + 1) + 1;
}

/** The problems of an environment; generation refuses an environment that has any. */
export function environmentProblems(name: string, environment: Environment, serviceCount: number): string[] {
  const problems: string[] = [];
  const budget = environment.postgresMaxConnections - environment.postgresReservedConnections;
  const peak = peakConnections(environment, serviceCount);
  if (peak > budget) {
    problems.push(
      `${name}: ${serviceCount} services × (${environment.replicas} replicas + ${MAX_SURGE} surging) × (DATABASE_POOL_SIZE ${environment.databasePoolSize} + 1 relay connection) + 1 provisioning = ${peak} connections, more than max_connections ${environment.postgresMaxConnections} less ${environment.postgresReservedConnections} reserved (${budget})`,
    );
  }
  if (environment.minAvailable >= environment.replicas && environment.replicas > 0) {
    problems.push(`${name}: minAvailable ${environment.minAvailable} of ${environment.replicas} replicas lets no voluntary disruption (a node drain) through`);
  }
  return problems;
}
