import { existsSync } from 'node:fs';
import type { RunningKafka } from './kafka-broker';
import type { PostgresServer } from './postgres-server';
import type { RunningRegistry } from './schema-registry';

// Container images matching the JVM launchers, used by the fixtures when a Docker engine answers.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.0.0';
const REGISTRY_IMAGE = 'apicurio/apicurio-registry:3.0.9';
const POSTGRES_IMAGE = 'postgres:16-alpine';

/** A Docker engine is reachable: testcontainers can run the infrastructure. */
export async function dockerAvailable(): Promise<boolean> {
  if (process.env.CARE_EVENTS_NO_CONTAINERS === 'true') return false;
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function kafkaContainer(): Promise<RunningKafka> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const started = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  return { brokers: [`${started.getHost()}:${started.getMappedPort(9093)}`], stop: async () => void (await started.stop()) };
}

export async function registryContainer(): Promise<RunningRegistry> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const started = await new GenericContainer(REGISTRY_IMAGE)
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
    .start();
  const url = `http://${started.getHost()}:${started.getMappedPort(8080)}/apis/ccompat/v7`;
  return { url, stop: async () => void (await started.stop()) };
}

export async function postgresContainer(): Promise<PostgresServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const started = await new PostgreSqlContainer(POSTGRES_IMAGE).withUsername('postgres').withPassword('postgres').withDatabase('postgres').start();
  return { adminUrl: started.getConnectionUri(), origin: 'container', stop: async () => void (await started.stop()) };
}
