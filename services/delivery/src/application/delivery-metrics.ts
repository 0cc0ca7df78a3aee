import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { boundedReading } from '@care-events/service-kit';
import { ATTEMPT_OUTCOMES, AttemptOutcome } from '../domain/delivery-outcome';
import { ENDPOINT_STATUSES, EndpointStatus } from '../domain/endpoint';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
/** The endpoints' reading asks Kafka for its topics' ends, which may itself wait 5 s (FeedAccess). */
const ENDPOINT_READING_TIMEOUT_MS = 8_000;

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

/**
 * delivery's own series on the service's registry (served at /metrics with the others): counters
 * of attempts, duplicates, pauses and commit batches, the delivery latency, and each endpoint's
 * gauges, read at scrape time. The platform CLI reads the endpoint gauges by these names and labels.
 */
@Injectable()
export class DeliveryMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly latency: Histogram;
  private readonly batches: Histogram;
  private readonly duplicates: Counter;
  private readonly pauses: Counter;
  private endpoints: () => Promise<EndpointGauges[] | undefined> = async () => [];

  constructor(registry: Registry) {
    const registers = [registry];
    this.attempts = new Counter({ name: 'delivery_attempts_total', help: 'Requests to endpoints (and builds held or failed), by outcome.', labelNames: ['outcome'], registers });
    for (const outcome of ATTEMPT_OUTCOMES) this.attempts.inc({ outcome }, 0);
    this.latency = new Histogram({ name: 'delivery_latency_seconds', help: 'From a copy reaching its topic to the receiver\'s 2xx.', buckets: LATENCY_BUCKETS, registers });
    this.duplicates = new Counter({ name: 'delivery_feed_duplicates_total', help: 'Copies passed over as numbers already delivered.', registers });
    this.pauses = new Counter({ name: 'delivery_endpoint_pauses_total', help: 'Endpoints paused after failing too long.', registers });
    this.batches = new Histogram({ name: 'delivery_commit_batch_size', help: 'Worker commits written by one statement.', buckets: BATCH_BUCKETS, registers });
    this.endpointGauge(registry, 'delivery_endpoint_backlog_messages', 'Messages on the setting topic after the endpoint\'s cursor.',
      (e) => (e.backlogMessages === null ? [] : [[{}, e.backlogMessages]]));
    this.endpointGauge(registry, 'delivery_endpoint_lag_seconds', 'Age of the next undelivered copy (0 when caught up).',
      (e) => (e.lagSeconds === null ? [] : [[{}, e.lagSeconds]]));
    this.endpointGauge(registry, 'delivery_endpoint_status', 'The endpoint\'s status (1 for its current one).',
      (e) => ENDPOINT_STATUSES.map((status) => [{ status }, e.status === status ? 1 : 0]), ['status']);
    this.endpointGauge(registry, 'delivery_endpoint_consecutive_failures', 'Failed requests since the last success.',
      (e) => [[{}, e.consecutiveFailures]]);
  }

  /** Where the endpoint gauges come from at scrape time; left out when the reading fails or is late. */
  readEndpointsWith(read: () => Promise<EndpointGauges[]>): void {
    this.endpoints = boundedReading(read, ENDPOINT_READING_TIMEOUT_MS);
  }

  attempt(outcome: AttemptOutcome): void {
    this.attempts.inc({ outcome });
  }

  /** From the copy reaching the topic to the receiver's 2xx. */
  delivered(seconds: number): void {
    this.latency.observe(Math.max(0, seconds));
  }

  duplicate(): void {
    this.duplicates.inc();
  }

  paused(): void {
    this.pauses.inc();
  }

  commitBatch(size: number): void {
    this.batches.observe(size);
  }

  /** A gauge of every endpoint (labelled by id and ODS code), its series per endpoint given by `series`. */
  private endpointGauge(
    registry: Registry, name: string, help: string, series: (e: EndpointGauges) => Array<[Record<string, string>, number]>, moreLabels: string[] = [],
  ): void {
    const read = () => this.endpoints();
    new Gauge({
      name, help, labelNames: ['endpoint', 'ods_code', ...moreLabels], registers: [registry],
      async collect() {
        const endpoints = (await read()) ?? [];
        this.reset();
        for (const e of endpoints) for (const [labels, value] of series(e)) this.set({ endpoint: e.id, ods_code: e.odsCode, ...labels }, value);
      },
    });
  }
}
