import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerAvailable, kafkaContainer, postgresContainer, registryContainer } from './containers';
import { freePort } from './free-port';
import { RunningKafka, startKafkaBroker } from './kafka-broker';
import { startKafkaCluster } from './kafka-cluster';
import { ensureDatabase, locatePostgres, PostgresServer } from './postgres-server';
import { RunningRegistry, startSchemaRegistry } from './schema-registry';
import { dataDir } from './workspace';

export interface Platform {
  kafkaBrokers: string[];
  registryUrl: string;
  postgres: PostgresServer;
  /** Where each piece came from, for the start-up screen. */
  origins: { kafka: string; registry: string; postgres: string };
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /**
   * persistent: .data/ and the fixed ports of the design brief (9092, 8081), for `npm start`.
   * ephemeral: free ports and a temporary folder removed on stop, for tests.
   */
  mode: 'persistent' | 'ephemeral';
  /** Kafka nodes to run; more than one starts a JVM cluster (replication 3, min.insync.replicas 2). */
  brokers?: number;
  log?: (line: string) => void;
}

/**
 * Kafka, the schema registry and PostgreSQL. Each is reused when its variable is set
 * (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL); otherwise tests use containers when a
 * Docker engine answers, and the JVM launchers and local/embedded PostgreSQL when not.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const containers = options.mode === 'ephemeral' && (await dockerAvailable());
  const dir = options.mode === 'persistent' ? dataDir() : mkdtempSync(join(tmpdir(), 'care-events-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const postgres = containers ? await postgresContainer() : await locatePostgres();
    stops.push(() => postgres.stop());
    log(`PostgreSQL: ${postgres.origin}`);
    const [kafka, registry] = await Promise.all([
      kafkaFor(options, containers, dir, log),
      registryFor(options, containers, dir, postgres, log),
    ]);
    stops.push(() => kafka.running.stop(), () => registry.running.stop());
    return {
      kafkaBrokers: kafka.running.brokers,
      registryUrl: registry.running.url,
      postgres,
      origins: { kafka: kafka.origin, registry: registry.origin, postgres: postgres.origin },
      stop: () => stopAll(stops, options.mode === 'ephemeral' ? dir : undefined),
    };
  } catch (error) {
    await stopAll(stops, options.mode === 'ephemeral' ? dir : undefined);
    throw error;
  }
}

async function kafkaFor(options: PlatformOptions, containers: boolean, dir: string, log: (line: string) => void) {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) return { origin: 'KAFKA_BROKERS', running: reused({ brokers: configured.split(','), url: '' }) };
  const persistent = options.mode === 'persistent';
  const size = options.brokers ?? 1;
  if (size > 1) {
    const running = await startKafkaCluster({ brokers: size, dir: join(dir, `kafka-cluster-${size}`), basePort: persistent ? 9092 : undefined });
    log(`Kafka: ${size} JVM nodes at ${running.brokers.join(',')}`);
    return { origin: `${size}-node JVM cluster (KRaft)`, running };
  }
  if (containers) return { origin: 'container', running: await kafkaContainer() };
  const running = await startKafkaBroker({
    dir: join(dir, 'kafka'),
    port: persistent ? 9092 : await freePort(),
    controllerPort: persistent ? 9093 : await freePort(),
  });
  log(`Kafka: JVM broker at ${running.brokers.join(',')}`);
  return { origin: 'JVM broker (KRaft)', running };
}

async function registryFor(options: PlatformOptions, containers: boolean, dir: string, postgres: PostgresServer, log: (line: string) => void) {
  const configured = process.env.SCHEMA_REGISTRY_URL;
  if (configured) return { origin: 'SCHEMA_REGISTRY_URL', running: reused({ brokers: [], url: configured }) };
  if (containers) return { origin: 'container', running: await registryContainer() };
  const persistent = options.mode === 'persistent';
  // Persistent runs keep schemas in PostgreSQL so that ids stay valid for the events already on the topics.
  const jdbc = persistent ? toJdbc(await ensureDatabase(postgres.adminUrl, 'schema_registry')) : {};
  const running = await startSchemaRegistry({ dir: join(dir, 'registry'), port: persistent ? 8081 : await freePort(), ...jdbc });
  log(`Schema registry: JVM registry at ${running.url}`);
  return { origin: 'JVM registry (Apicurio)', running };
}

function reused({ brokers, url }: { brokers: string[]; url: string }): RunningKafka & RunningRegistry {
  return { brokers, url, stop: async () => undefined };
}

function toJdbc(url: string) {
  const parsed = new URL(url);
  return {
    jdbcUrl: `jdbc:postgresql://${parsed.host}${parsed.pathname}`,
    jdbcUser: decodeURIComponent(parsed.username) || 'postgres',
    jdbcPassword: decodeURIComponent(parsed.password),
  };
}

async function stopAll(stops: Array<() => Promise<void>>, removeDir?: string) {
  await Promise.allSettled(stops.reverse().map((stop) => stop()));
  if (removeDir) rmSync(removeDir, { recursive: true, force: true });
}
