import { Injectable } from '@nestjs/common';
import { ATTEMPT_OUTCOMES, AttemptOutcome } from '../domain/delivery-outcome';
import { ENDPOINT_STATUSES, EndpointStatus } from '../domain/endpoint';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** One endpoint as /metrics shows it. */
export interface EndpointGauges {
  id: string;
  odsCode: string;
  status: EndpointStatus;
  consecutiveFailures: number;
  /** Messages on the topic after the cursor's (of any subscription: the reader passes them all). */
  backlogMessages: number | null;
  /** Since the next undelivered copy reached the topic; 0 when caught up; null when another instance holds it. */
  lagSeconds: number | null;
}

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.counts[i] += 1;
    });
    this.sum += value;
    this.count += 1;
  }

  lines(name: string): string[] {
    return [
      ...this.buckets.map((bound, i) => `${name}_bucket{le="${bound}"} ${this.counts[i]}`),
      `${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`,
    ];
  }
}

/**
 * The service's own counters, and the Prometheus text of them with the endpoints' gauges. Written
 * by hand: a handful of series needs no client library.
 */
@Injectable()
export class DeliveryMetrics {
  private readonly attempts = new Map<AttemptOutcome, number>(ATTEMPT_OUTCOMES.map((outcome) => [outcome, 0]));
  private readonly latency = new Histogram(LATENCY_BUCKETS);
  private readonly batches = new Histogram(BATCH_BUCKETS);
  private duplicates = 0;
  private pauses = 0;

  attempt(outcome: AttemptOutcome): void {
    this.attempts.set(outcome, (this.attempts.get(outcome) ?? 0) + 1);
  }

  /** From the copy reaching the topic to the receiver's 2xx. */
  delivered(seconds: number): void {
    this.latency.observe(Math.max(0, seconds));
  }

  duplicate(): void {
    this.duplicates += 1;
  }

  paused(): void {
    this.pauses += 1;
  }

  commitBatch(size: number): void {
    this.batches.observe(size);
  }

  render(endpoints: EndpointGauges[]): string {
    const labels = (e: EndpointGauges) => `endpoint="${e.id}",ods_code="${e.odsCode}"`;
    const gauge = (name: string, help: string, lines: string[]) => [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...lines];
    return [
      ...gauge('delivery_endpoint_backlog_messages', 'Messages on the setting topic after the endpoint\'s cursor.',
        endpoints.filter((e) => e.backlogMessages !== null).map((e) => `delivery_endpoint_backlog_messages{${labels(e)}} ${e.backlogMessages}`)),
      ...gauge('delivery_endpoint_lag_seconds', 'Age of the next undelivered copy (0 when caught up).',
        endpoints.filter((e) => e.lagSeconds !== null).map((e) => `delivery_endpoint_lag_seconds{${labels(e)}} ${e.lagSeconds}`)),
      ...gauge('delivery_endpoint_status', 'The endpoint\'s status (1 for its current one).',
        endpoints.flatMap((e) => ENDPOINT_STATUSES.map((status) => `delivery_endpoint_status{${labels(e)},status="${status}"} ${e.status === status ? 1 : 0}`))),
      ...gauge('delivery_endpoint_consecutive_failures', 'Failed requests since the last success.',
        endpoints.map((e) => `delivery_endpoint_consecutive_failures{${labels(e)}} ${e.consecutiveFailures}`)),
      '# HELP delivery_attempts_total Requests to endpoints (and builds held or failed), by outcome.', '# TYPE delivery_attempts_total counter',
      ...[...this.attempts].map(([outcome, count]) => `delivery_attempts_total{outcome="${outcome}"} ${count}`),
      '# HELP delivery_latency_seconds From a copy reaching its topic to the receiver\'s 2xx.', '# TYPE delivery_latency_seconds histogram',
      ...this.latency.lines('delivery_latency_seconds'),
      '# HELP delivery_feed_duplicates_total Copies passed over as numbers already delivered.', '# TYPE delivery_feed_duplicates_total counter',
      `delivery_feed_duplicates_total ${this.duplicates}`,
      '# HELP delivery_endpoint_pauses_total Endpoints paused after failing too long.', '# TYPE delivery_endpoint_pauses_total counter',
      `delivery_endpoint_pauses_total ${this.pauses}`,
      '# HELP delivery_commit_batch_size Worker commits written by one statement.', '# TYPE delivery_commit_batch_size histogram',
      ...this.batches.lines('delivery_commit_batch_size'),
      '',
    ].join('\n');
  }
}
