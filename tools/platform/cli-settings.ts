import { brokersFromEnvironment, registryUrlFromEnvironment, serviceUrlFromEnvironment } from '@care-events/demo';
import { AvroCodec, createKafka, SchemaRegistryClient } from '@care-events/messaging';
import { contractFor, eventContracts } from '@care-events/contracts';

/**
 * Where `npm run platform` looks, from the environment with `npm start`'s defaults: KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, <SERVICE>_URL, and each service's consumer group
 * (<SERVICE>_CONSUMER_GROUP, else CONSUMER_GROUP, else the service's name, as the services do).
 */
export interface CliSettings {
  brokers: string[];
  registryUrl: string;
  serviceUrl(service: string): string;
  consumerGroupOf(service: string): string;
}

export function cliSettings(env: NodeJS.ProcessEnv = process.env): CliSettings {
  return {
    brokers: brokersFromEnvironment(env),
    registryUrl: registryUrlFromEnvironment(env),
    serviceUrl: (service) => serviceUrlFromEnvironment(service, env),
    consumerGroupOf: (service) => env[`${service.toUpperCase().replace(/-/g, '_')}_CONSUMER_GROUP`] ?? env.CONSUMER_GROUP ?? service,
  };
}

export function cliKafka(settings: CliSettings) {
  return createKafka({ brokers: settings.brokers, clientId: 'care-events-platform-cli' });
}

/** Decodes any registered event, resolved into this checkout's contract where it has one. */
export function eventCodec(settings: CliSettings): AvroCodec {
  const registry = new SchemaRegistryClient(settings.registryUrl);
  return new AvroCodec(registry, (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
}
