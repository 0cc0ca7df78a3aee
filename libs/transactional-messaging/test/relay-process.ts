/**
 * An outbox relay in a process of its own, so a test can kill it for real:
 *   node -r ./tools/register.js libs/transactional-messaging/test/relay-process.ts
 * With RELAY_PAUSE_AFTER_SEND set it prints "sent <n>" once a batch is acknowledged by Kafka and
 * then never marks it: the moment between send and mark, held open for SIGKILL.
 */
import { contractFor, eventContracts } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient } from '@care-events/messaging';
import { DataSource } from 'typeorm';
import { OutboxRelay, PgRelayLeadership, SqlOutboxStore } from '../src';

class PausingAfterSend extends EventProducer {
  override async send(messages: ProducedMessage[]): Promise<void> {
    await super.send(messages);
    process.stdout.write(`sent ${messages.length}\n`);
    await new Promise(() => undefined);
  }
}

async function main() {
  const databaseUrl = process.env.RELAY_DATABASE_URL as string;
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'relay-process' });
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const producer = process.env.RELAY_PAUSE_AFTER_SEND ? new PausingAfterSend(kafka) : new EventProducer(kafka);
  new OutboxRelay(new SqlOutboxStore(dataSource), codec, producer, new PgRelayLeadership(databaseUrl), { source: '/services/test', pollIntervalMs: 100 }).start();
  process.stdout.write('relay started\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
