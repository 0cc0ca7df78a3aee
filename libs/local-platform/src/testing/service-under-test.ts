import { Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { contractFor, eventContracts } from '@care-events/contracts';
import { AvroCodec, createKafka, SchemaRegistryClient, TopicTap } from '@care-events/messaging';
import { ServiceApp, startServiceApp } from '@care-events/service-kit';
import { testInstanceSettings } from './test-instance-settings';
import { createThrowawayDatabase, ThrowawayDatabase } from './throwaway-database';

export interface ServiceUnderTest extends ServiceApp {
  database: ThrowawayDatabase;
  stop(): Promise<void>;
}

/**
 * A whole service on the real platform of this test run, with a throwaway database of its own
 * and a free HTTP port. `env` overrides settings for this instance (e.g. another broker).
 */
export async function startServiceUnderTest(name: string, module: Type<unknown>, env: Record<string, string> = {}): Promise<ServiceUnderTest> {
  const database = await createThrowawayDatabase(name.replace(/-/g, '_'));
  const settings = await testInstanceSettings(name, database.url, env);
  const previous = { ...process.env };
  Object.assign(process.env, settings);
  try {
    const service = await startServiceApp(module, { port: 0 });
    return {
      ...service,
      database,
      stop: async () => {
        await service.shutdown();
        await database.drop();
      },
    };
  } finally {
    process.env = previous;
  }
}

/** A TopicTap on the test platform: every message of the topics, decoded through the registry. */
export async function tapTopics(topics: string[], brokers = process.env.KAFKA_BROKERS ?? ''): Promise<TopicTap> {
  const registry = new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? '');
  const codec = new AvroCodec(registry, (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
  return new TopicTap(createKafka({ brokers: brokers.split(','), clientId: 'test-tap' }), codec, `test-tap-${randomUUID()}`).start(topics);
}
