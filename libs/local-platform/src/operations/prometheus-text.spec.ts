import { deliveryEndpointsFrom } from './delivery-endpoint-metrics';
import { parsePrometheusText } from './prometheus-text';

const DELIVERY_METRICS = [
  '# HELP delivery_endpoint_backlog_messages Messages on the setting topic after the endpoint\'s cursor.',
  '# TYPE delivery_endpoint_backlog_messages gauge',
  'delivery_endpoint_backlog_messages{endpoint="e-2",ods_code="B82002"} 7',
  '# TYPE delivery_endpoint_lag_seconds gauge',
  'delivery_endpoint_lag_seconds{endpoint="e-2",ods_code="B82002"} 12.5',
  '# TYPE delivery_endpoint_status gauge',
  'delivery_endpoint_status{endpoint="e-1",ods_code="A81001",status="active"} 1',
  'delivery_endpoint_status{endpoint="e-1",ods_code="A81001",status="paused"} 0',
  'delivery_endpoint_status{endpoint="e-2",ods_code="B82002",status="active"} 0',
  'delivery_endpoint_status{endpoint="e-2",ods_code="B82002",status="paused"} 1',
  'delivery_endpoint_consecutive_failures{endpoint="e-1",ods_code="A81001"} 0',
  'delivery_endpoint_consecutive_failures{endpoint="e-2",ods_code="B82002"} 4',
  'delivery_attempts_total{outcome="delivered"} 31',
  'delivery_latency_seconds_bucket{le="+Inf"} 31',
  'delivery_feed_duplicates_total 0',
  '',
].join('\n');

describe('Prometheus text', () => {
  it('reads names, labels and values, skipping comments and blank lines', () => {
    const samples = parsePrometheusText(DELIVERY_METRICS);
    expect(samples).toHaveLength(11);
    expect(samples[0]).toEqual({ name: 'delivery_endpoint_backlog_messages', labels: { endpoint: 'e-2', ods_code: 'B82002' }, value: 7 });
    expect(samples.find((s) => s.name === 'delivery_feed_duplicates_total')).toEqual({ name: 'delivery_feed_duplicates_total', labels: {}, value: 0 });
    expect(samples.find((s) => s.name === 'delivery_latency_seconds_bucket')?.labels).toEqual({ le: '+Inf' });
  });

  it('unescapes label values and reads special values and timestamps', () => {
    const [quoted, infinite, missing] = parsePrometheusText('m{a="say \\"hi\\"",b="back\\\\slash\\nline"} +Inf\nn NaN\no 3 1700000000000');
    expect(quoted.labels).toEqual({ a: 'say "hi"', b: 'back\\slash\nline' });
    expect(quoted.value).toBe(Infinity);
    expect(infinite.value).toBeNaN();
    expect(missing.value).toBe(3);
  });

  it('refuses a line that is no sample rather than misreading it', () => {
    expect(() => parsePrometheusText('delivery_endpoint_status{endpoint="e-1" 1')).toThrow(/not a Prometheus sample|unreadable labels/);
    expect(() => parsePrometheusText('m{a="1"} lots')).toThrow(/unreadable value/);
  });
});

describe('delivery endpoints from /metrics', () => {
  it('gathers each endpoint\'s gauges, its status being the series at 1', () => {
    expect(deliveryEndpointsFrom(parsePrometheusText(DELIVERY_METRICS))).toEqual([
      { endpoint: 'e-1', odsCode: 'A81001', status: 'active', backlogMessages: null, lagSeconds: null, consecutiveFailures: 0 },
      { endpoint: 'e-2', odsCode: 'B82002', status: 'paused', backlogMessages: 7, lagSeconds: 12.5, consecutiveFailures: 4 },
    ]);
  });
});
