import { Registry } from 'prom-client';
import { HttpMetrics, routeTemplate } from './http-metrics';

describe('HTTP metrics', () => {
  it('label a request by its route template, never its URL, and an unrouted one as unmatched', () => {
    expect(routeTemplate({ method: 'GET', baseUrl: '', route: { path: '/patients/:id' } })).toBe('/patients/:id');
    expect(routeTemplate({ method: 'GET', baseUrl: '/fhir', route: { path: '/Patient' } })).toBe('/fhir/Patient');
    expect(routeTemplate({ method: 'GET' })).toBe('unmatched');
  });

  it('count requests and their durations by method, route and status', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry);
    const request = { method: 'POST', baseUrl: '', route: { path: '/allergies' }, url: '/allergies?nhsNumber=9434765919' };
    metrics.answered(request, 201, 0.02);
    metrics.answered(request, 400, 0.003);
    const text = await registry.metrics();
    expect(text).toContain('care_events_http_requests_total{method="POST",route="/allergies",status="201"} 1');
    expect(text).toContain('care_events_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/allergies",status="400"} 1');
    expect(text).not.toContain('9434765919');
  });
});
