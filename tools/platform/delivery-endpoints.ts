import { deliveryEndpointsFrom, parsePrometheusText, PlatformStatus } from '@care-events/local-platform';
import { reasonOf } from './service-readiness-probe';

/** delivery's endpoints from its /metrics (Prometheus text, no token needed). */
export async function deliveryEndpoints(url: string): Promise<PlatformStatus['delivery']> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return { url, error: `GET /metrics answered ${response.status}` };
    return { url, endpoints: deliveryEndpointsFrom(parsePrometheusText(await response.text())) };
  } catch (error) {
    return { url, error: reasonOf(error) };
  }
}
