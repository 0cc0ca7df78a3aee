import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { HttpMetrics } from './http-metrics';
import { OutboxMetrics } from './outbox-metrics';
import { PrometheusConsumerMetrics } from './consumer-metrics';

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

const dashboard: { panels: Panel[]; templating: { list: Array<{ name: string; query?: { query: string } }> } } = JSON.parse(
  readFileSync(join(__dirname, '../../../../deploy/grafana/care-events-dashboard.json'), 'utf8'),
);

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool']);

/** The metric names a PromQL expression reads: its identifiers, less label matchers, groupings, ranges, functions and keywords. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter(([, name, call]) => !call && !PROMQL_WORDS.has(name))
    .map(([, name]) => name);
}

/** Every series name the services' shared metrics can expose: histograms by their _bucket, _sum and _count. */
async function registeredSeriesNames(): Promise<Set<string>> {
  const registry: Registry = createMetricsRegistry();
  new HttpMetrics(registry);
  new OutboxMetrics(registry, { backlog: async () => ({ unsent: 0, oldestUnsentAt: null }), stuckRows: () => 0 });
  new PrometheusConsumerMetrics(registry);
  const metrics = await registry.getMetricsAsJSON();
  return new Set(metrics.flatMap(({ name, type }) => (String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])));
}

describe('the Grafana dashboard (deploy/grafana/care-events-dashboard.json)', () => {
  const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

  it('reads the expression\'s metric names, not its functions, labels or ranges', () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (service, le) (rate(a_seconds_bucket{service=~"$service",status=~"5.."}[5m]))) / on (service) b_total'))
      .toEqual(['a_seconds_bucket', 'b_total']);
  });

  it('queries only metrics the services register, each panel selecting by $service', async () => {
    const registered = await registeredSeriesNames();
    expect(queries.length).toBeGreaterThanOrEqual(12);
    const unknown = queries.flatMap(({ panel, expr }) => metricNamesIn(expr).filter((name) => !registered.has(name)).map((name) => `${panel}: ${name}`));
    expect(unknown).toEqual([]);
    expect(queries.filter(({ expr }) => !expr.includes('service=~"$service"'))).toEqual([]);
    const variable = dashboard.templating.list.find(({ name }) => name === 'service');
    expect(registered).toContain(/label_values\((\w+),/.exec(variable?.query?.query ?? '')?.[1]);
  });
});
