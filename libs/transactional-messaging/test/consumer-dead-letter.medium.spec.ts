import { randomUUID } from 'node:crypto';
import { contractFor } from '@care-events/contracts';
import { toKafkaHeaders } from '@care-events/messaging';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered, TOPIC, until } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('consumer: retries, dead letters and duplicates', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await messagingHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('retries a poison message, moves it to <topic>.dlq with the error, and goes on; a duplicate has one effect', async () => {
    const patientId = randomUUID();
    const poison = patientRegistered('POISON', patientId);
    const good = patientRegistered('Smith', patientId);
    const encode = async (value: typeof good) => ({
      topic: TOPIC,
      key: patientId,
      value: await harness.codec.encode(TOPIC, PATIENT_REGISTERED, contractFor(PATIENT_REGISTERED).schema, value),
      headers: toKafkaHeaders({ eventId: value.metadata.eventId, source: '/services/test', type: PATIENT_REGISTERED, time: new Date().toISOString(), subject: patientId }),
    });
    const undecodable = { topic: TOPIC, key: patientId, value: Buffer.from('not avro at all'), headers: { ce_id: randomUUID() } };
    // Same key, so one partition and this order: two poison messages, then one good event delivered twice.
    await harness.producer.send([undecodable, await encode(poison), await encode(good), await encode(good)]);

    const dlq = await harness.tap([`${TOPIC}.dlq`]);
    const calls = await harness.consumer({ attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 });
    await until(async () => (await harness.handledCount(good.metadata.eventId)) === 1);

    const deadLetters = await dlq.waitFor((m) => m.key === patientId, 2);
    expect(deadLetters.map((m) => m.headers.dlq_attempts)).toEqual(['3', '3']);
    expect(deadLetters[0].headers).toMatchObject({ dlq_original_topic: TOPIC, dlq_error_message: expect.stringMatching(/wire format/) });
    expect(deadLetters[1].headers).toMatchObject({ ce_id: poison.metadata.eventId, dlq_error_message: `cannot handle ${poison.metadata.eventId}` });
    expect(deadLetters[1].raw.equals((await encode(poison)).value)).toBe(true);
    expect(calls.filter((id) => id === poison.metadata.eventId)).toHaveLength(3);

    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the duplicate has been read by now
    expect(await harness.handledCount(good.metadata.eventId)).toBe(1);
  });
});
