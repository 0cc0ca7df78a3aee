import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventContracts } from '@care-events/contracts';
import {
  clusterSize, createKafka, declaredTopicsOf, provisionTopics, ProvisioningOptions, ProvisioningReport, readTopicsFile, SchemaRegistryClient, subjectFor, TopicDeclaration,
} from '@care-events/messaging';
import { ensureDatabase } from './postgres-server';
import { workspaceRoot } from './workspace';

export interface ServiceEntry {
  name: string;
  port: number;
  entry: string;
  /** The topic it owns; a service that only reads (delivery) publishes none. */
  publishes?: string;
}

export function declaredServices(): ServiceEntry[] {
  return (JSON.parse(readFileSync(join(workspaceRoot(), 'deploy/services.json'), 'utf8')) as { services: ServiceEntry[] }).services;
}

/** The port of the development token issuer that `npm start` runs (deploy/services.json, `devIssuer`). */
export function declaredDevIssuerPort(): number {
  return (JSON.parse(readFileSync(join(workspaceRoot(), 'deploy/services.json'), 'utf8')) as { devIssuer: { port: number } }).devIssuer.port;
}

/** deploy/topics.json, with replication capped at the size of the cluster it is applied to. */
export function declaredTopics(brokerCount: number): TopicDeclaration[] {
  return declaredTopicsOf(readTopicsFile(join(workspaceRoot(), 'deploy/topics.json')), brokerCount);
}

export async function provisionKafkaTopics(brokers: string[], options: ProvisioningOptions = {}): Promise<ProvisioningReport> {
  const kafka = createKafka({ brokers, clientId: 'care-events-provisioning' });
  return provisionTopics(kafka, declaredTopics(await clusterSize(kafka)), options);
}

/**
 * Registers every event schema under its TopicRecordNameStrategy subject: a deploy-time step, as
 * services only look ids up. BACKWARD_TRANSITIVE is the registry-wide default (so every subject,
 * including one added by hand, is held to it) and each event subject's own level as well.
 */
export async function registerEventSchemas(registryUrl: string): Promise<number> {
  const registry = new SchemaRegistryClient(registryUrl);
  await registry.setDefaultCompatibility('BACKWARD_TRANSITIVE');
  for (const contract of Object.values(eventContracts)) {
    const subject = subjectFor(contract.topic, contract.fullName);
    await registry.register(subject, contract.schema);
    await registry.setCompatibility(subject, 'BACKWARD_TRANSITIVE');
  }
  return Object.keys(eventContracts).length;
}

/** Topics and schemas on a running broker and registry: the step every entry point needs before services start. */
export async function provisionMessaging(platform: { kafkaBrokers: string[]; registryUrl: string }) {
  const topics = await provisionKafkaTopics(platform.kafkaBrokers);
  const schemas = await registerEventSchemas(platform.registryUrl);
  return { topics, schemas };
}

/** One database per service on the server (design brief: no service reads another's tables). */
export async function ensureServiceDatabases(adminUrl: string, services: ServiceEntry[]): Promise<void> {
  for (const service of services) await ensureDatabase(adminUrl, serviceDatabaseName(service));
}

/** A service's database is named after it, with underscores (care-record → care_record), as its config expects. */
export const serviceDatabaseName = (service: ServiceEntry): string => service.name.replace(/-/g, '_');
