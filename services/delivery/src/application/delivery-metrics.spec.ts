import { Registry } from 'prom-client';
import { DeliveryMetrics } from './delivery-metrics';

describe('DeliveryMetrics', () => {
  it('writes the endpoints\' gauges and the counters as Prometheus text on the service\'s registry', async () => {
    const registry = new Registry();
    const metrics = new DeliveryMetrics(registry);
    metrics.attempt('delivered');
    metrics.attempt('delivered');
    metrics.attempt('timeout');
    metrics.delivered(0.04);
    metrics.duplicate();
    metrics.commitBatch(3);
    metrics.readEndpointsWith(async () => [
      { id: 'e1', odsCode: 'A81001', status: 'paused', consecutiveFailures: 12, backlogMessages: 40, lagSeconds: 1800 },
      { id: 'e2', odsCode: 'B82002', status: 'active', consecutiveFailures: 0, backlogMessages: null, lagSeconds: null },
    ]);
    const text = await registry.metrics();
    const lines = text.split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      'delivery_endpoint_backlog_messages{endpoint="e1",ods_code="A81001"} 40',
      'delivery_endpoint_lag_seconds{endpoint="e1",ods_code="A81001"} 1800',
      'delivery_endpoint_status{endpoint="e1",ods_code="A81001",status="paused"} 1',
      'delivery_endpoint_status{endpoint="e1",ods_code="A81001",status="active"} 0',
      'delivery_endpoint_consecutive_failures{endpoint="e2",ods_code="B82002"} 0',
      'delivery_attempts_total{outcome="delivered"} 2',
      'delivery_attempts_total{outcome="timeout"} 1',
      'delivery_attempts_total{outcome="gone"} 0',
      'delivery_latency_seconds_bucket{le="0.025"} 0',
      'delivery_latency_seconds_bucket{le="0.05"} 1',
      'delivery_latency_seconds_count 1',
      'delivery_feed_duplicates_total 1',
      'delivery_commit_batch_size_bucket{le="5"} 1',
    ]));
    // An endpoint another instance holds, or whose topic Kafka could not measure, has no such series.
    expect(lines.some((line) => line.startsWith('delivery_endpoint_backlog_messages{endpoint="e2"'))).toBe(false);
  });

  it('leaves the endpoint gauges out, and the counters in, when the endpoints cannot be read', async () => {
    const registry = new Registry();
    const metrics = new DeliveryMetrics(registry);
    metrics.readEndpointsWith(() => Promise.reject(new Error('database unreachable')));
    const text = await registry.metrics();
    expect(text).not.toMatch(/^delivery_endpoint_status\{/m);
    expect(text).toContain('delivery_attempts_total{outcome="delivered"} 0');
  });
});
