import { Consumer } from 'kafkajs';

/**
 * What an EventConsumer tells its observer (e.g. Prometheus counters): where each partition's
 * fetched end is and how far it has been processed, how long handlers take, and each retry and
 * dead letter. Labels it gives are topics, partitions and event types: never a key or a value.
 */
export interface ConsumerMetrics {
  /** A batch of a partition starts: the partition's high watermark when it was fetched, and the batch's first offset. */
  fetched(topic: string, partition: number, highWatermark: string, firstOffset: string): void;
  /** The message at `offset` took effect (handled or dead-lettered). */
  processed(topic: string, partition: number, offset: string): void;
  /** The member's partitions after a rebalance; others are no longer its to report. */
  assigned(assignment: Record<string, number[]>): void;
  /** One attempt of a per-event handler, successful or not. */
  handled(topic: string, eventType: string, seconds: number): void;
  /** One attempt of a batch handler over events of one partition. */
  handledBatch(topic: string, seconds: number): void;
  /** Events of one type its handlers took, in a batch or one by one: they took effect. */
  applied(topic: string, eventType: string, count: number): void;
  /** A message is tried again: after a failure of its own, or of the infrastructure (an outage). */
  retried(topic: string, reason: 'failure' | 'outage'): void;
  deadLettered(topic: string): void;
}

/** Reports the fetched high watermarks and the assignment from kafkajs's instrumentation events. */
export function observePartitions(consumer: Consumer, metrics: ConsumerMetrics): void {
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => metrics.fetched(payload.topic, payload.partition, payload.highWatermark, payload.firstOffset));
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => metrics.assigned(payload.memberAssignment));
}

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number): number => (performance.now() - started) / 1_000;
