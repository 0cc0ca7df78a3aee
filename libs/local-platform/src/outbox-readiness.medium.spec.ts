import { Module } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { contractFor, IdentityEventType } from '@care-events/contracts';
import { subjectFor } from '@care-events/messaging';
import { DataSource } from 'typeorm';
import { ServiceKitModule } from '@care-events/service-kit';
import { eventually } from './testing/eventually';
import { ServiceUnderTest, startServiceUnderTest } from './testing/service-under-test';

@Module({
  imports: [ServiceKitModule.forService({ name: 'outbox-probe', defaultPort: 0, title: 'outbox probe', description: 'readiness of the outbox relay', entities: [], migrations: [] })],
})
class OutboxProbeModule {}

describe('readiness reports what the outbox relay cannot publish', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest('outbox-probe', OutboxProbeModule);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('names the subject of a schema provisioning has not registered, and the row waiting on it', async () => {
    const type = IdentityEventType.PatientRegistered;
    const { schema, topic } = contractFor(type);
    const unregistered = JSON.stringify({ ...schema, fields: [...schema.fields, { name: 'interpreterNeeded', type: 'boolean', default: false }] });
    const fingerprint = createHash('sha256').update(unregistered).digest('hex');
    const eventId = randomUUID();
    const patientId = randomUUID();
    const payload = { metadata: { eventId, patientId } }; // never encoded: its schema is unknown to the registry first
    const dataSource = service.app.get(DataSource);
    await dataSource.query(`insert into event_schema (fingerprint, full_name, schema) values ($1, $2, $3)`, [fingerprint, type, unregistered]);
    await dataSource.query(
      `insert into outbox_message (event_id, event_type, topic, message_key, payload, occurred_at, schema_fingerprint) values ($1, $2, $3, $4, $5, now(), $6)`,
      [eventId, type, topic, patientId, JSON.stringify(payload), fingerprint],
    );

    const ready = await eventually('the stuck row in readiness', async () => {
      const body = (await (await fetch(`${service.url}/health/ready`)).json()) as { outboxRelay: { stuck: unknown[] } };
      return body.outboxRelay.stuck.length > 0 && body;
    });
    expect(ready).toMatchObject({
      status: 'degraded',
      outboxRelay: {
        unregisteredSubjects: [subjectFor(topic, type)],
        stuck: [{ eventId, eventType: type, messageKey: patientId, unregisteredSubject: subjectFor(topic, type), error: expect.stringContaining(subjectFor(topic, type)) }],
      },
    });
  });
});
