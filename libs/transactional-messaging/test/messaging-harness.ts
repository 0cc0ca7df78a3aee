import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { contractFor, eventContracts, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import {
  AvroCodec, createKafka, DeadLetterPublisher, EventConsumer, EventProducer, RetryPolicy, SchemaRegistryClient, TappedMessage, TopicTap,
} from '@care-events/messaging';
import { EventContext, KafkaEventServer, RethrowHandlerErrors, transactionalMessagingMigrations } from '../src';

export const TOPIC = 'identity.patient.v1';

/** A service-like setting on the real platform: its own database with the outbox/inbox tables, Kafka clients. */
export async function messagingHarness() {
  const adminUrl = process.env.DATABASE_URL as string;
  const name = `messaging_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({ type: 'postgres', url: url.toString(), migrations: transactionalMessagingMigrations, migrationsRun: true });
  await dataSource.initialize();
  await dataSource.query('create table handled_event (event_id uuid not null, handled_at timestamptz not null default now())');
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'messaging-test' });
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const producer = new EventProducer(kafka);
  const closers: Array<() => Promise<unknown>> = [];
  return {
    databaseUrl: url.toString(),
    dataSource,
    kafka,
    codec,
    producer,
    async tap(topics: string[]) {
      const tap = await new TopicTap(kafka, codec, `tap-${randomUUID()}`).start(topics);
      closers.push(() => tap.stop());
      return tap;
    },
    /** A Nest microservice whose handler records each PatientRegistered it is given (and fails on family "POISON"). */
    async consumer(retry: RetryPolicy, calls: string[] = [], groupId = `test-${randomUUID()}`) {
      const consumer = new EventConsumer(kafka, codec, new DeadLetterPublisher(producer), { groupId, topics: [TOPIC], retry });
      const app = await NestFactory.createMicroservice(recordingModule(calls), {
        strategy: new KafkaEventServer(consumer, dataSource, `test-${randomUUID()}`),
        logger: false,
      });
      app.useGlobalFilters(new RethrowHandlerErrors());
      await app.listen();
      closers.push(() => app.close());
      return calls;
    },
    /** True once the group's committed offsets are past every one of the messages: it has handled them all. */
    async consumedPast(groupId: string, messages: TappedMessage[]): Promise<boolean> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const committed = new Map<string, bigint>();
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...new Set(messages.map((m) => m.topic))] })) {
          for (const { partition, offset } of partitions) committed.set(`${topic}/${partition}`, BigInt(offset));
        }
        return messages.every((m) => (committed.get(`${m.topic}/${m.partition}`) ?? -1n) > BigInt(m.offset));
      } finally {
        await admin.disconnect();
      }
    },
    async handledCount(eventId: string): Promise<number> {
      const [row] = await dataSource.query('select count(*)::int as n from handled_event where event_id = $1', [eventId]);
      return row.n;
    },
    async close() {
      for (const close of closers.reverse()) await close();
      await producer.disconnect();
      await dataSource.destroy();
      await withClient(adminUrl, (client) => client.query(`drop database ${name} with (force)`));
    },
  };
}

export function patientRegistered(family = 'Smith', patientId = randomUUID()): PatientRegistered {
  const now = Date.now();
  return {
    metadata: {
      eventId: randomUUID(),
      occurredAt: now,
      recordedAt: now,
      patientId,
      actor: { type: 'SYSTEM', id: 'test', odsCode: null },
      correlationId: randomUUID(),
      causationId: null,
    },
    nhsNumber: '9990000018',
    name: { prefix: null, given: ['Test'], family },
    birthDate: 0,
    gender: 'UNKNOWN',
    address: null,
    contact: null,
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  };
}

export const PATIENT_REGISTERED = IdentityEventType.PatientRegistered;

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function recordingModule(calls: string[]) {
  @Controller()
  class RecordingHandler {
    @EventPattern(PATIENT_REGISTERED)
    async handle(@Payload() event: PatientRegistered, @Ctx() context: EventContext) {
      calls.push(event.metadata.eventId);
      if (event.name.family === 'POISON') throw new Error(`cannot handle ${event.metadata.eventId}`);
      await context.manager.query('insert into handled_event (event_id) values ($1)', [event.metadata.eventId]);
    }
  }
  @Module({ controllers: [RecordingHandler] })
  class RecordingModule {}
  return RecordingModule;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
