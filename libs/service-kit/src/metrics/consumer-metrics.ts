import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConsumerMetrics } from '@care-events/messaging';
import { DURATION_BUCKETS } from './metrics-registry';
import { PartitionPositions } from './partition-positions';

/**
 * The consumer's metrics: lag per partition from its own fetches (no broker request at scrape),
 * events applied and handler durations by event type, batch durations, retries by reason, dead letters by topic.
 */
export class PrometheusConsumerMetrics implements ConsumerMetrics {
  private readonly positions = new PartitionPositions();
  private readonly handlerDuration: Histogram<'topic' | 'event_type'>;
  private readonly batchDuration: Histogram<'topic'>;
  private readonly appliedEvents: Counter<'topic' | 'event_type'>;
  private readonly retries: Counter<'topic' | 'reason'>;
  private readonly deadLetters: Counter<'topic'>;

  constructor(registry: Registry) {
    const positions = this.positions;
    new Gauge({
      name: 'care_events_consumer_lag_messages', help: 'Messages on a partition after the last one this consumer processed, as of its latest fetch.',
      labelNames: ['topic', 'partition'], registers: [registry],
      collect() {
        this.reset();
        for (const { topic, partition, lag } of positions.lags()) this.set({ topic, partition: String(partition) }, lag);
      },
    });
    this.handlerDuration = new Histogram({
      name: 'care_events_consumer_handler_duration_seconds', help: 'One attempt of an event handler, successful or not, by topic and event type.',
      labelNames: ['topic', 'event_type'], buckets: DURATION_BUCKETS, registers: [registry],
    });
    this.batchDuration = new Histogram({
      name: 'care_events_consumer_batch_duration_seconds', help: 'One attempt of a batch handler over a partition\'s events, by topic.',
      labelNames: ['topic'], buckets: DURATION_BUCKETS, registers: [registry],
    });
    this.appliedEvents = new Counter({
      name: 'care_events_consumer_events_total', help: 'Events the consumer\'s handlers took effect on, in batches or one by one, by topic and event type.',
      labelNames: ['topic', 'event_type'], registers: [registry],
    });
    this.retries = new Counter({
      name: 'care_events_consumer_retries_total', help: 'Messages tried again, by topic and reason: failure (of the message) or outage (of the infrastructure).',
      labelNames: ['topic', 'reason'], registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'care_events_consumer_dead_letters_total', help: 'Messages moved to <topic>.dlq after failing every attempt, by original topic.',
      labelNames: ['topic'], registers: [registry],
    });
  }

  fetched(topic: string, partition: number, highWatermark: string, firstOffset: string): void {
    this.positions.fetched(topic, partition, highWatermark, firstOffset);
  }

  processed(topic: string, partition: number, offset: string): void {
    this.positions.processed(topic, partition, offset);
  }

  assigned(assignment: Record<string, number[]>): void {
    this.positions.assigned(assignment);
  }

  handled(topic: string, eventType: string, seconds: number): void {
    this.handlerDuration.observe({ topic, event_type: eventType }, seconds);
  }

  handledBatch(topic: string, seconds: number): void {
    this.batchDuration.observe({ topic }, seconds);
  }

  applied(topic: string, eventType: string, count: number): void {
    this.appliedEvents.inc({ topic, event_type: eventType }, count);
  }

  retried(topic: string, reason: 'failure' | 'outage'): void {
    this.retries.inc({ topic, reason });
  }

  deadLettered(topic: string): void {
    this.deadLetters.inc({ topic });
  }
}
