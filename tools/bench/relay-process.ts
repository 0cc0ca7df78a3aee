/**
 * The outbox relay with the services' shipped defaults (batch 1000, LISTEN/NOTIFY with a 1 s fallback
 * poll), in a process of its own as the Debezium connector runs in Kafka Connect's JVM: the bench's load
 * and its reading consumer do not share its event loop. Started by debezium-bench.ts with
 * RELAY_DATABASE_URL, KAFKA_BROKERS and SCHEMA_REGISTRY_URL; prints "relay started", stops on SIGTERM.
 */
import { DataSource } from 'typeorm';
import { contractFor, eventContracts } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient } from '@care-events/messaging';
import { OutboxRelay, PgRelayLeadership, SqlOutboxStore } from '@care-events/transactional-messaging';

async function main(): Promise<void> {
  const databaseUrl = process.env.RELAY_DATABASE_URL as string;
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'bench-relay' });
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const producer = new EventProducer(kafka);
  const relay = new OutboxRelay(new SqlOutboxStore(dataSource), codec, producer, new PgRelayLeadership(databaseUrl), { source: '/services/identity' });
  relay.start();
  process.once('SIGTERM', () => {
    void relay.stop().then(() => producer.disconnect()).then(() => dataSource.destroy()).finally(() => process.exit(0));
  });
  process.stdout.write('relay started\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
