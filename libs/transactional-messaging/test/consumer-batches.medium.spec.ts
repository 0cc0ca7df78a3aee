import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { PatientRegistered } from '@care-events/contracts';
import { ConsumerMetrics, DeadLetterPublisher, EventConsumer } from '@care-events/messaging';
import { EVENT_BATCH, EventBatchContext, EventContext, eventRun, KafkaEventServer, RethrowHandlerErrors } from '../src';
import { caughtUp, dedicatedTopic, eventually, recordingMetrics, send } from './consumer-under-test';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

/** What the handlers were given: each batch's event ids, and each per-event call. */
interface Calls {
  batches: string[][];
  single: string[];
}

/** A service that takes batches: both handlers record what they get, write one row per event, and fail on family "POISON". */
function batchingModule(calls: Calls) {
  const refusePoison = (event: PatientRegistered) => {
    if (event.name.family === 'POISON') throw new Error(`cannot handle ${event.metadata.eventId}`);
  };
  @Controller()
  class BatchingHandler {
    @EventPattern(EVENT_BATCH)
    async handleBatch(@Ctx() batch: EventBatchContext) {
      calls.batches.push(batch.events.map((e) => e.eventId));
      const ids = batch.events.map((e) => e.eventId);
      await batch.manager.query('insert into handled_event (event_id) select unnest($1::uuid[])', [ids]);
      for (const event of batch.events) refusePoison(event.value as PatientRegistered);
    }

    @EventPattern(PATIENT_REGISTERED)
    async handle(@Payload() event: PatientRegistered, @Ctx() context: EventContext) {
      calls.single.push(event.metadata.eventId);
      await context.manager.query('insert into handled_event (event_id) values ($1)', [event.metadata.eventId]);
      refusePoison(event);
    }
  }
  @Module({ controllers: [BatchingHandler] })
  class BatchingModule {}
  return BatchingModule;
}

/** A service with per-event handlers only: each records the transaction it ran in, and fails on family "POISON". */
function perEventModule(transactions: Map<string, string>) {
  @Controller()
  class PerEventHandler {
    @EventPattern(PATIENT_REGISTERED)
    async handle(@Payload() event: PatientRegistered, @Ctx() context: EventContext) {
      const [{ txid }] = await context.manager.query('select txid_current()::text as txid');
      transactions.set(event.metadata.eventId, txid);
      await context.manager.query('insert into handled_event (event_id) values ($1)', [event.metadata.eventId]);
      if (event.name.family === 'POISON') throw new Error(`cannot handle ${event.metadata.eventId}`);
    }
  }
  @Module({ controllers: [PerEventHandler] })
  class PerEventModule {}
  return PerEventModule;
}

/** A service with a run handler beside the per-event one: runs are recorded and written in one statement. */
function runModule(runs: string[][], single: string[]) {
  @Controller()
  class RunHandler {
    @EventPattern(eventRun(PATIENT_REGISTERED))
    async handleRun(@Ctx() run: EventBatchContext) {
      const ids = run.events.map((e) => e.eventId);
      runs.push(ids);
      await run.manager.query('insert into handled_event (event_id) select unnest($1::uuid[])', [ids]);
    }

    @EventPattern(PATIENT_REGISTERED)
    async handle(@Payload() event: PatientRegistered, @Ctx() context: EventContext) {
      single.push(event.metadata.eventId);
      await context.manager.query('insert into handled_event (event_id) values ($1)', [event.metadata.eventId]);
    }
  }
  @Module({ controllers: [RunHandler] })
  class RunModule {}
  return RunModule;
}

describe('consumer: batches in one transaction', () => {
  let harness: Harness;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    harness = await messagingHarness();
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await harness?.close();
  });

  async function startBatchConsumer(topic: string, batchSize: number, metrics?: ConsumerMetrics) {
    const groupId = `test-${randomUUID()}`;
    const calls: Calls = { batches: [], single: [] };
    const consumer = new EventConsumer(harness.kafka, harness.codec, new DeadLetterPublisher(harness.producer), {
      groupId,
      topics: [topic],
      retry: { attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 },
      batchSize,
      heartbeatIntervalMs: 500,
      metrics,
    });
    const app = await NestFactory.createMicroservice(batchingModule(calls), { strategy: new KafkaEventServer(consumer, harness.dataSource, groupId), logger: false });
    app.useGlobalFilters(new RethrowHandlerErrors());
    await app.listen();
    closers.push(() => app.close());
    return { groupId, calls };
  }

  const handledCounts = async (ids: string[]) => Promise.all(ids.map((id) => harness.handledCount(id)));

  async function startPerEventConsumer(topic: string, batchSize: number) {
    const groupId = `test-${randomUUID()}`;
    const transactions = new Map<string, string>();
    const consumer = new EventConsumer(harness.kafka, harness.codec, new DeadLetterPublisher(harness.producer), {
      groupId, topics: [topic], retry: { attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 }, batchSize, heartbeatIntervalMs: 500,
    });
    const app = await NestFactory.createMicroservice(perEventModule(transactions), { strategy: new KafkaEventServer(consumer, harness.dataSource, groupId), logger: false });
    app.useGlobalFilters(new RethrowHandlerErrors());
    await app.listen();
    closers.push(() => app.close());
    return { groupId, transactions };
  }

  it('runs a service without a batch handler through its per-event handlers, in order, one transaction per batch', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const events = Array.from({ length: 40 }, () => patientRegistered());
    await send(harness, topic, events);
    const { groupId, transactions } = await startPerEventConsumer(topic, 10);
    await eventually('the group to commit the whole topic', () => caughtUp(harness, groupId, topic));
    const ids = events.map((e) => e.metadata.eventId);
    expect([...transactions.keys()]).toEqual(ids);
    expect(await handledCounts(ids)).toEqual(ids.map(() => 1));
    // Forty events fetched at once, at most ten to a batch: four transactions, each of consecutive events.
    const perTransaction = ids.map((id) => transactions.get(id));
    expect(new Set(perTransaction).size).toBe(4);
    for (let i = 0; i < 40; i += 10) expect(new Set(perTransaction.slice(i, i + 10)).size).toBe(1);
  });

  it('gives a run handler the consecutive events of its type in a batch, in one call, instead of the per-event handler', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const events = Array.from({ length: 12 }, () => patientRegistered());
    await send(harness, topic, events);
    const groupId = `test-${randomUUID()}`;
    const [runs, single]: [string[][], string[]] = [[], []];
    const consumer = new EventConsumer(harness.kafka, harness.codec, new DeadLetterPublisher(harness.producer), { groupId, topics: [topic], batchSize: 5, heartbeatIntervalMs: 500 });
    const app = await NestFactory.createMicroservice(runModule(runs, single), { strategy: new KafkaEventServer(consumer, harness.dataSource, groupId), logger: false });
    await app.listen();
    closers.push(() => app.close());
    await eventually('the group to commit the whole topic', () => caughtUp(harness, groupId, topic));
    const ids = events.map((e) => e.metadata.eventId);
    expect(runs).toEqual([ids.slice(0, 5), ids.slice(5, 10), ids.slice(10)]);
    expect(single).toEqual([]);
    expect(await handledCounts(ids)).toEqual(ids.map(() => 1));
  });

  it('rolls a per-event batch back when one of its events fails, then handles them one by one', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const patientId = randomUUID();
    const poison = patientRegistered('POISON', patientId);
    const good = [patientRegistered('Smith', patientId), patientRegistered('Jones', patientId)];
    await send(harness, topic, [good[0], poison, good[1]]);
    const dlq = await harness.tap([`${topic}.dlq`]);
    const { groupId, transactions } = await startPerEventConsumer(topic, 100);
    const [deadLetter] = await dlq.waitFor((m) => m.key === patientId);
    expect(deadLetter.headers).toMatchObject({ ce_id: poison.metadata.eventId, dlq_attempts: '3' });
    await eventually('the group to commit the whole topic', () => caughtUp(harness, groupId, topic));
    expect(await handledCounts(good.map((e) => e.metadata.eventId))).toEqual([1, 1]);
    expect(await harness.handledCount(poison.metadata.eventId)).toBe(0);
    // After the rollback each good event ran in a transaction of its own.
    expect(transactions.get(good[0].metadata.eventId)).not.toBe(transactions.get(good[1].metadata.eventId));
  });

  it('gives a batch only the events not handled before, each once and in order, and handles each once', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const [first, second, third, fourth] = Array.from({ length: 4 }, () => patientRegistered());
    const ids = [first, second, third, fourth].map((e) => e.metadata.eventId);
    // Duplicates inside one fetch: a relay's re-send puts the same event on the partition again.
    await send(harness, topic, [first, second, first, third, third]);
    const { groupId, calls } = await startBatchConsumer(topic, 100);
    await eventually('the group to commit past the first events', () => caughtUp(harness, groupId, topic));
    expect(calls.batches.flat()).toEqual(ids.slice(0, 3));

    // A redelivery of an event handled in an earlier batch, beside a new one.
    await send(harness, topic, [second, fourth]);
    await eventually('the group to commit past the redelivery', () => caughtUp(harness, groupId, topic));
    expect(calls.batches.flat()).toEqual(ids);
    expect(await handledCounts(ids)).toEqual([1, 1, 1, 1]);
    expect(calls.single).toEqual([]);
  });

  it('takes at most batchSize events at a time', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const events = Array.from({ length: 7 }, () => patientRegistered());
    await send(harness, topic, events);
    const observed = recordingMetrics();
    const { groupId, calls } = await startBatchConsumer(topic, 3, observed.metrics);
    await eventually('the group to commit the whole topic', () => caughtUp(harness, groupId, topic));
    expect(calls.batches.flat()).toEqual(events.map((e) => e.metadata.eventId));
    expect(Math.max(...calls.batches.map((batch) => batch.length))).toBe(3);
    // One batch duration per batch handled, none per event; the partition processed to its last offset.
    expect(observed.calls('handledBatch').map(([batchTopic]) => batchTopic)).toEqual(calls.batches.map(() => topic));
    expect(observed.calls('handled')).toEqual([]);
    expect(observed.calls('processed')).toContainEqual([topic, 0, '6']);
  });

  it('handles a failed batch event by event: the poison one is dead-lettered, the others handled once, and batches go on', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const patientId = randomUUID();
    const poison = patientRegistered('POISON', patientId);
    const good = [patientRegistered('Smith', patientId), patientRegistered('Jones', patientId), patientRegistered('Brown', patientId)];
    await send(harness, topic, [good[0], poison, good[1], good[2]]);
    const dlq = await harness.tap([`${topic}.dlq`]);
    const { groupId, calls } = await startBatchConsumer(topic, 100);

    const [deadLetter] = await dlq.waitFor((m) => m.key === patientId);
    expect(deadLetter.headers).toMatchObject({ ce_id: poison.metadata.eventId, dlq_attempts: '3', dlq_error_message: `cannot handle ${poison.metadata.eventId}` });
    await eventually('the group to commit the whole topic', () => caughtUp(harness, groupId, topic));
    const goodIds = good.map((e) => e.metadata.eventId);
    // The batch's writes rolled back with it; each event then ran alone.
    expect(calls.batches).toEqual([[goodIds[0], poison.metadata.eventId, goodIds[1], goodIds[2]]]);
    expect(calls.single).toEqual([goodIds[0], ...Array(3).fill(poison.metadata.eventId), goodIds[1], goodIds[2]]);
    expect(await handledCounts(goodIds)).toEqual([1, 1, 1]);
    expect(await harness.handledCount(poison.metadata.eventId)).toBe(0);

    const later = [patientRegistered('Green', patientId), patientRegistered('White', patientId)];
    await send(harness, topic, later);
    await eventually('the later events handled', async () => (await handledCounts(later.map((e) => e.metadata.eventId))).every((n) => n === 1));
    expect(calls.batches.slice(1).flat()).toEqual(later.map((e) => e.metadata.eventId));
  });
});
