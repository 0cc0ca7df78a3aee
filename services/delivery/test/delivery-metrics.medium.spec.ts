import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { deliveryEndpointsFrom, parsePrometheusText, startServiceUnderTest, ServiceUnderTest } from '@care-events/local-platform';
import { DeliveryModule } from '../src/delivery.module';
import { DELIVERY_TEST_SETTINGS, metricValue } from './delivery-world';

describe('/metrics', () => {
  let delivery: ServiceUnderTest;

  beforeAll(async () => {
    delivery = await startServiceUnderTest('delivery', DeliveryModule, DELIVERY_TEST_SETTINGS);
  });

  afterAll(() => delivery?.stop());

  it('answers without a token, promptly, even for an endpoint whose topic Kafka does not have', async () => {
    const id = randomUUID();
    await delivery.app.get(DataSource).query(
      `insert into delivery_endpoint (id, subscription_id, ods_code, topic, format, url, status, cursor_number, last_seen_number, created_at, created_by, updated_at)
       values ($1, gen_random_uuid(), 'Z99999', $2, 'standard-webhooks', 'http://127.0.0.1:1/hook', 'error', 0, 0, now(), '{}', now())`,
      [id, `care-setting.Z${randomUUID().slice(0, 8)}.events.v1`],
    );
    const started = Date.now();
    const response = await fetch(`${delivery.url}/metrics`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(metricValue(text, `delivery_endpoint_status{endpoint="${id}",ods_code="Z99999",status="error"}`)).toBe(1);
    expect(text).not.toContain(`delivery_endpoint_backlog_messages{endpoint="${id}"`);
    // The platform CLI's reading of the whole answer, the service's shared metrics included.
    expect(deliveryEndpointsFrom(parsePrometheusText(text))).toContainEqual(
      { endpoint: id, odsCode: 'Z99999', status: 'error', backlogMessages: null, lagSeconds: null, consecutiveFailures: 0 },
    );
    expect(text).toContain('care_events_outbox_unsent_messages');
  });
});
