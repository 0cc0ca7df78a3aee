import { Counter, Histogram, Registry } from 'prom-client';
import { DURATION_BUCKETS } from './metrics-registry';

/** What of a finished request the HTTP metrics read (an Express request after routing). */
export interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * The route template a request matched, e.g. `/patients/:id`: never the URL itself, whose path
 * and query can carry patient data (NHS numbers). A request no route matched is `unmatched`.
 */
export function routeTemplate(request: RoutedRequest): string {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : 'unmatched';
}

/** Requests by method, route template and status: rate, errors and duration. */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = new Counter({ name: 'care_events_http_requests_total', help: 'HTTP requests answered, by method, route template and status.', labelNames, registers: [registry] });
    this.duration = new Histogram({
      name: 'care_events_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method, route template and status.',
      labelNames, buckets: DURATION_BUCKETS, registers: [registry],
    });
  }

  answered(request: RoutedRequest, status: number, seconds: number): void {
    const labels = { method: request.method, route: routeTemplate(request), status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
