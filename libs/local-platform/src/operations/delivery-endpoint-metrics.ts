import { PrometheusSample, samplesNamed } from './prometheus-text';

/** One delivery endpoint as delivery's /metrics shows it; null where /metrics has no series for it. */
export interface DeliveryEndpointState {
  endpoint: string;
  odsCode: string;
  status: string | null;
  backlogMessages: number | null;
  lagSeconds: number | null;
  consecutiveFailures: number | null;
}

/**
 * The endpoints of delivery's /metrics, by endpoint id. Backlog is missing where delivery could not
 * ask Kafka, lag where another delivery instance holds the endpoint.
 */
export function deliveryEndpointsFrom(samples: PrometheusSample[]): DeliveryEndpointState[] {
  const endpoints = new Map<string, DeliveryEndpointState>();
  const endpointOf = ({ labels }: PrometheusSample): DeliveryEndpointState => {
    const id = labels.endpoint ?? '';
    let state = endpoints.get(id);
    if (!state) {
      state = { endpoint: id, odsCode: labels.ods_code ?? '', status: null, backlogMessages: null, lagSeconds: null, consecutiveFailures: null };
      endpoints.set(id, state);
    }
    return state;
  };
  for (const sample of samplesNamed(samples, 'delivery_endpoint_backlog_messages')) endpointOf(sample).backlogMessages = sample.value;
  for (const sample of samplesNamed(samples, 'delivery_endpoint_lag_seconds')) endpointOf(sample).lagSeconds = sample.value;
  for (const sample of samplesNamed(samples, 'delivery_endpoint_consecutive_failures')) endpointOf(sample).consecutiveFailures = sample.value;
  // One series per possible status; the current one is 1.
  for (const sample of samplesNamed(samples, 'delivery_endpoint_status')) {
    const state = endpointOf(sample);
    if (sample.value === 1) state.status = sample.labels.status ?? null;
  }
  return [...endpoints.values()].sort((a, b) => a.odsCode.localeCompare(b.odsCode) || a.endpoint.localeCompare(b.endpoint));
}
