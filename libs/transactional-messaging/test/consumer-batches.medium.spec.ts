import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { PatientRegistered } from '@care-events/contracts';
import { ConsumerMetrics, DeadLetterPublisher, EventConsumer } from '@care-events/messaging';
import { EVENT_BATCH, EventBatchContext, EventContext, KafkaEventServer, RethrowHandlerErrors } from '../src';
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
