import {
  declaredServices, ensureServiceDatabases, provisionKafkaTopics, redactPassword, registerEventSchemas, serviceDatabaseName, withDatabase,
} from '@care-events/provisioning';
import { withoutUserInfo } from '@care-events/messaging';

/**
 * `npm run provision`: applies the declared platform state to infrastructure that is already
 * running (docker compose, Kubernetes, a shared environment). Every step is idempotent:
 * - one database per service in deploy/services.json (DATABASE_URL: a role allowed to CREATE DATABASE),
 * - the topics of deploy/topics.json and their `.dlq` topics: created, their declared config keys set (other
 *   keys kept); never deleted; partitions added only with --force-partitions, since that reorders keyed events,
 * - every event schema under its TopicRecordNameStrategy subject, held to BACKWARD_TRANSITIVE.
 */
const REQUIRED = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'DATABASE_URL'] as const;

async function main() {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const missing = REQUIRED.filter((name) => !process.env[name]?.trim());
  if (missing.length) throw new Error(`${missing.join(', ')} must be set (see docs/operations.md)`);
  const brokers = process.env.KAFKA_BROKERS!.split(',').map((broker) => broker.trim()).filter(Boolean);
  const registryUrl = process.env.SCHEMA_REGISTRY_URL!.trim().replace(/\/$/, '');
  const adminUrl = process.env.DATABASE_URL!.trim();

  const services = declaredServices();
  await step(`PostgreSQL at ${redactPassword(adminUrl)}`, () => ensureServiceDatabases(adminUrl, services));
  say(`Databases     ${services.map((service) => redactPassword(withDatabase(adminUrl, serviceDatabaseName(service)))).join(', ')}`);

  const forcePartitions = process.argv.includes('--force-partitions');
  const topics = await step(`Kafka at ${brokers.join(',')}`, () => provisionKafkaTopics(brokers, { forcePartitions }));
  say(`Topics        created:      ${list(topics.created)}`);
  say(`              grown:        ${list(topics.grown)}`);
  say(`              reconfigured: ${list(topics.reconfigured)}`);
  say(`              as declared:  ${list(topics.unchanged)}`);
  if (topics.morePartitionsThanDeclared.length) {
    say(`              more partitions than declared (Kafka cannot remove them): ${list(topics.morePartitionsThanDeclared)}`);
  }

  // Credentials in the URL's user-info stay out of the output.
  const registryShown = withoutUserInfo(registryUrl);
  const schemas = await step(`Schema registry at ${registryShown}`, () => registerEventSchemas(registryUrl));
  say(`Schemas       ${schemas} registered at ${registryShown} (BACKWARD_TRANSITIVE)`);
  say('Provisioning complete.');
}

/** Runs one step; a failure names the step and the endpoint it was talking to. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message ?? error}`);
  }
}

const list = (names: string[]) => (names.length ? names.join(', ') : '-');

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`Provisioning failed. ${(error as Error).message ?? error}\n`);
    process.exit(1);
  },
);
