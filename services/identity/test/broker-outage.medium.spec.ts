import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultAuthorization, eventually, freePort, KafkaBrokerOptions, provisionKafkaTopics, RunningKafka, ServiceUnderTest, startKafkaBroker, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { IdentityModule } from '../src/identity.module';
import { nhsNumbers, registration } from './identity-fixtures';

const PATIENTS = 200;

/**
 * Writes never wait for Kafka: with the broker down, registrations are still accepted, and once
 * it is back every event arrives, once per eventId, in each patient's order.
 */
describe('identity while its Kafka broker is down', () => {
  let broker: RunningKafka;
  let brokerOptions: KafkaBrokerOptions;
  let service: ServiceUnderTest;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outage-'));
    brokerOptions = { dir, port: await freePort(), controllerPort: await freePort(), heapMb: 384 };
    broker = await startKafkaBroker(brokerOptions);
    await provisionKafkaTopics(broker.brokers);
    service = await startServiceUnderTest('identity', IdentityModule, { KAFKA_BROKERS: broker.brokers.join(',') });
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('accepts 200 registrations without the broker and publishes all of them, in order, when it returns', async () => {
    await broker.stop();
    const next = nhsNumbers();
    const ids: string[] = [];
    for (let batch = 0; batch < PATIENTS / 20; batch++) {
      const created = await Promise.all(Array.from({ length: 20 }, () => post(`${service.url}/patients`, registration(next()))));
      for (const response of created) {
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as { id: string }).id);
      }
    }
    // A second event per patient, so that per-patient order can be checked.
    for (const id of ids) expect((await put(`${service.url}/patients/${id}/registered-gp`, { registeredGpOdsCode: 'B82001' })).status).toBe(200);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200); // still taking writes: the outbox holds the events
    // Readiness counts what the outbox holds back: every event of the outage, none published yet.
    expect(await ready.json()).toMatchObject({ status: 'degraded', checks: { database: 'up', kafka: 'down' }, outboxRelay: { backlog: { unsent: PATIENTS * 2 } } });

    broker = await startKafkaBroker(brokerOptions);
    const tap = await tapTopics(['identity.patient.v1'], broker.brokers.join(','));
    try {
      const ours = new Set(ids);
      const arrived = await tap.waitFor((m) => ours.has(m.key ?? ''), PATIENTS * 2, 90_000);
      const firstByEventId = new Map(arrived.map((m) => [m.headers.ce_id, m]));
      expect(firstByEventId.size).toBe(PATIENTS * 2);
      for (const id of ids) {
        const types = [...firstByEventId.values()].filter((m) => m.key === id).map((m) => m.headers.ce_type.split('.').pop());
        expect(types).toEqual(['PatientRegistered', 'PatientGpRegistrationChanged']);
      }
      const backlog = async () => ((await (await fetch(`${service.url}/health/ready`)).json()) as { outboxRelay: { backlog: { unsent: number } } }).outboxRelay.backlog;
      await eventually('readiness to count no unsent rows', async () => (await backlog()).unsent === 0);
    } finally {
      await tap.stop();
    }
  }, 240_000);
});

const send = async (method: string, url: string, body: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...(await defaultAuthorization()) }, body: JSON.stringify(body) });
const post = (url: string, body: unknown) => send('POST', url, body);
const put = (url: string, body: unknown) => send('PUT', url, body);
