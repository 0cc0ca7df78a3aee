import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { contractFor, PatientRegistered } from '@care-events/contracts';
import {
  committedOffsets, ConsumerMetrics, DeadLetterPublisher, EventConsumer, latestOffsets, provisionTopics, RetryPolicy, toKafkaHeaders,
} from '@care-events/messaging';
import { KafkaEventServer, RethrowHandlerErrors } from '../src';
import { messagingHarness, PATIENT_REGISTERED, recordingModule, TOPIC } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

export interface ConsumerLogEntry {
  level: string;
  message: string;
  details: Record<string, unknown>;
}

export interface ConsumerSettings {
  topic: string;
  dataSource: DataSource;
  groupId?: string;
  retry?: RetryPolicy;
  handlerTimeoutMs?: number;
  sessionTimeoutMs?: number;
  concurrency?: number;
  metrics?: ConsumerMetrics;
}

/** A topic of the test's own (with its `.dlq`), so the consumer under test reads only what the test sent. */
export async function dedicatedTopic(harness: Harness, partitions: number): Promise<string> {
  const name = `consumer-test.${randomBytes(6).toString('hex')}`;
  await provisionTopics(harness.kafka, [{ name, partitions, replicationFactor: 1, config: {}, deadLetter: { partitions: 1, config: {} } }]);
  return name;
}

/** Sends PatientRegistered events to `topic`, each keyed by its patient. */
export async function send(harness: Harness, topic: string, events: PatientRegistered[]): Promise<void> {
  const schema = contractFor(PATIENT_REGISTERED).schema;
  const messages = await Promise.all(
    events.map(async (event) => ({
      topic,
      key: event.metadata.patientId,
      value: await harness.codec.encode(TOPIC, PATIENT_REGISTERED, schema, event),
      headers: toKafkaHeaders({ eventId: event.metadata.eventId, source: '/services/test', type: PATIENT_REGISTERED, time: new Date().toISOString(), subject: event.metadata.patientId }),
    })),
  );
  await harness.producer.send(messages);
}

/** The recording handler of the harness behind a real EventConsumer and KafkaEventServer, with its logs kept. */
export async function startConsumer(harness: Harness, settings: ConsumerSettings) {
  const groupId = settings.groupId ?? `test-${randomUUID()}`;
  const calls: string[] = [];
  const logs: ConsumerLogEntry[] = [];
  const consumer = new EventConsumer(harness.kafka, harness.codec, new DeadLetterPublisher(harness.producer), {
    groupId,
    topics: [settings.topic],
    retry: settings.retry ?? { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 1_000 },
    handlerTimeoutMs: settings.handlerTimeoutMs,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    partitionsConsumedConcurrently: settings.concurrency ?? 3,
    heartbeatIntervalMs: 500,
    log: (level, message, details) => logs.push({ level, message, details }),
    metrics: settings.metrics,
  });
  const app = await NestFactory.createMicroservice(recordingModule(calls), {
    strategy: new KafkaEventServer(consumer, settings.dataSource, groupId),
    logger: false,
  });
  app.useGlobalFilters(new RethrowHandlerErrors());
  await app.listen();
  return { consumer, groupId, calls, logs, close: () => app.close() };
}

/** A ConsumerMetrics observer keeping each call, as [name, ...arguments]. */
export function recordingMetrics() {
  const calls: Array<[keyof ConsumerMetrics, ...unknown[]]> = [];
  const record = (name: keyof ConsumerMetrics) => (...args: unknown[]) => void calls.push([name, ...args]);
  const metrics: ConsumerMetrics = {
    fetched: record('fetched'), processed: record('processed'), assigned: record('assigned'), handled: record('handled'),
    handledBatch: record('handledBatch'), applied: record('applied'), retried: record('retried'), deadLettered: record('deadLettered'),
  };
  return { metrics, calls: (name: keyof ConsumerMetrics) => calls.filter(([called]) => called === name).map(([, ...args]) => args) };
}

/** True once the group has committed past every message now on the topic. */
export async function caughtUp(harness: Harness, groupId: string, topic: string): Promise<boolean> {
  const [committed, latest] = await Promise.all([committedOffsets(harness.kafka, groupId, topic), latestOffsets(harness.kafka, topic)]);
  return [...latest].every(([partition, end]) => (committed.get(partition) ?? -1n) >= end);
}

/** Member ids of a consumer group, from the broker. */
export async function groupMembers(harness: Harness, groupId: string): Promise<string[]> {
  const admin = harness.kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.map((member) => member.memberId) ?? [];
  } finally {
    await admin.disconnect();
  }
}

/**
 * Polls until `check` gives a value (not undefined, null or false) and returns it; fails naming
 * what was awaited. (The local platform has the same helper, but this library sits below it.)
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
