import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The registry of one service instance: its own (several instances may share a process, as in
 * tests), with Node's runtime metrics (event loop lag, heap, GC, CPU). The `service` label is the
 * scrape target's, attached by Prometheus (deploy/prometheus/prometheus.yml), not repeated here.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Request and handler durations, in seconds: from a fast read to the consumer's 30 s handler budget. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
