import { randomUUID } from 'node:crypto';
import { contractFor } from '@care-events/contracts';
import { caughtUp, dedicatedTopic, eventually, recordingMetrics, send, startConsumer } from './consumer-under-test';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('consumer: retries, dead letters and duplicates', () => {
  let harness: Harness;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    harness = await messagingHarness();
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await harness?.close();
  });

  it('retries a poison message, moves it to <topic>.dlq with the error, and goes on; a duplicate has one effect', async () => {
    const topic = await dedicatedTopic(harness, 1);
    const patientId = randomUUID();
    const poison = patientRegistered('POISON', patientId);
    const good = patientRegistered('Smith', patientId);
    const undecodable = { topic, key: patientId, value: Buffer.from('not avro at all'), headers: { ce_id: randomUUID() } };
    // One partition, this order: two poison messages, then one good event delivered twice.
    await harness.producer.send([undecodable]);
    await send(harness, topic, [poison, good, good]);

    const dlq = await harness.tap([`${topic}.dlq`]);
    const observed = recordingMetrics();
    const consumer = await startConsumer(harness, {
      topic, dataSource: harness.dataSource, retry: { attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 }, metrics: observed.metrics,
    });
    closers.push(consumer.close);

    const deadLetters = await dlq.waitFor((m) => m.key === patientId, 2);
    expect(deadLetters.map((m) => m.headers.dlq_attempts)).toEqual(['3', '3']);
    expect(deadLetters[0].headers).toMatchObject({ dlq_original_topic: topic, dlq_error_message: expect.stringMatching(/wire format/) });
    expect(deadLetters[1].headers).toMatchObject({ ce_id: poison.metadata.eventId, dlq_error_message: `cannot handle ${poison.metadata.eventId}` });
    const poisonBytes = await harness.codec.encode(TOPIC, PATIENT_REGISTERED, contractFor(PATIENT_REGISTERED).schema, poison);
    expect(deadLetters[1].raw.equals(poisonBytes)).toBe(true);
    expect(consumer.calls.filter((id) => id === poison.metadata.eventId)).toHaveLength(3);

    // Once the group has committed past the duplicate, it has been handled (or skipped) for good.
    await eventually('the group to commit past the duplicate', () => caughtUp(harness, consumer.groupId, topic));
    expect(await harness.handledCount(good.metadata.eventId)).toBe(1);

    // Its metrics: two retries and a dead letter for each poison message, a handler attempt for each
    // decodable one (the undecodable never reaches a handler), and the partition processed up to its end.
    expect(observed.calls('retried')).toEqual([[topic, 'failure'], [topic, 'failure'], [topic, 'failure'], [topic, 'failure']]);
    expect(observed.calls('deadLettered')).toEqual([[topic], [topic]]);
    const handled = observed.calls('handled');
    expect(handled.length).toBeGreaterThanOrEqual(5);
    expect(new Set(handled.map(([handledTopic, eventType]) => `${handledTopic} ${eventType}`))).toEqual(new Set([`${topic} ${PATIENT_REGISTERED}`]));
    expect(observed.calls('fetched')).toContainEqual([topic, 0, '4', '0']);
    expect(observed.calls('processed')).toContainEqual([topic, 0, '3']);
    expect(observed.calls('assigned')).toContainEqual([{ [topic]: [0] }]);
  });
});
