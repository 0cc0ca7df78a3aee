import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReadRecord, SeekableReader } from '@care-events/messaging';
import { EndpointError, EndpointErrorCode } from '../domain/endpoint-error';
import { seekOffsetFor } from '../domain/feed-position';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { FeedOffsetEntity } from '../persistence/feed-offset.entity';
import { FeedAccess } from './feed-access';
import { copyOf, isMalformed } from './feed-reader';
import { FeedCopy, NotificationBuildError } from './notification-format';

/** A range as a request asks it, with the names of its two parameters (they differ between routes). */
export interface AskedRange {
  since: number;
  until: number | undefined;
  sinceField: string;
  untilField: string;
  /** Full-resource answers fetch every resource: fewer events per answer. */
  fullResource: boolean;
}

/** At most this many events per answer at full-resource, whatever DELIVERY_EVENTS_MAX says. */
const FULL_RESOURCE_MAX = 100;

/** How long a range read may take before the request is answered 503: the broker is not answering. */
const READ_TIMEOUT_MS = 30_000;

export class FeedRangeTimeoutError extends Error {
  override readonly name = 'FeedRangeTimeoutError';
}

export interface RangeRequest {
  topic: string;
  subscriptionId: string;
  since: number;
  until: number;
}

/**
 * A closed range of a subscription's event numbers, read from its setting's topic by a short-lived
 * reader of its own (replay by number: `$events`, `events`). It starts where the first occurrence of
 * `since` can be at the earliest (feed-position), keeps the first occurrence of each number in range
 * (duplicates and other subscriptions' copies are passed over), and stops once it has `until` or has
 * read to the end of the log as it was when asked. Numbers the log no longer (or never) held are absent.
 */
@Injectable()
export class FeedRange {
  private readonly logger = new Logger('FeedRange');

  constructor(
    private readonly feeds: FeedAccess,
    private readonly dataSource: DataSource,
    @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'eventsMax'>,
  ) {}

  /**
   * The events of an endpoint's subscription in the asked range (since ≥ 1, until ≥ since, at most
   * DELIVERY_EVENTS_MAX of them; until defaults to as many as allowed). A 4xx names the parameter;
   * an event in range that cannot be read is a 422 naming it; a broker or registry that does not
   * answer, a 503.
   */
  async forEndpoint(endpoint: DeliveryEndpointEntity, asked: AskedRange): Promise<FeedCopy[]> {
    const max = asked.fullResource ? Math.min(FULL_RESOURCE_MAX, this.config.eventsMax) : this.config.eventsMax;
    const until = asked.until ?? asked.since + max - 1;
    if (until < asked.since) throw badValue(`${asked.untilField}: must be at least ${asked.sinceField} (${asked.since})`);
    if (until - asked.since + 1 > max) {
      throw badValue(`${asked.untilField}: must be at most ${asked.since + max - 1}: a range holds at most ${max} events${asked.fullResource ? ' at full-resource' : ''}`);
    }
    try {
      return await this.read({ topic: endpoint.topic, subscriptionId: endpoint.subscriptionId, since: asked.since, until });
    } catch (error) {
      if (error instanceof NotificationBuildError) throw new EndpointError(EndpointErrorCode.EventUnreadable, `${asked.sinceField}: ${error.message}; ask for a range that leaves it out`);
      this.logger.warn({ msg: 'feed range could not be read', endpointId: endpoint.id, topic: endpoint.topic, error: (error as Error).message });
      throw new EndpointError(EndpointErrorCode.FeedUnavailable, `the feed cannot be read now: ${(error as Error).message}`);
    }
  }

  async read(request: RangeRequest): Promise<FeedCopy[]> {
    const range = (await this.feeds.ranges([request.topic])).get(request.topic);
    if (!range) return [];
    const end = Number(range.high);
    const start = await this.startFor(request.subscriptionId, request.since, Number(range.low));
    if (start >= end) return [];
    const copies = await this.collect(request, start, end);
    return this.feeds.decode(copies);
  }

  /**
   * An offset at or before the first copy of `number` on the topic. An indexed first occurrence K ≤
   * number bounds it exactly (the first copies appear in number order); only without one is the
   * N − 1 bound of feed-position used, which assumes no number below was missing from the topic
   * (numbers skipped as a gap were).
   */
  async startFor(subscriptionId: string, number: number, logStart?: number): Promise<number> {
    const indexed = await this.indexed(subscriptionId, number);
    const low = logStart ?? 0;
    if (indexed) return Math.max(indexed.offset + (indexed.number < number ? 1 : 0), low);
    return seekOffsetFor(number, null, low);
  }

  /** The greatest indexed first occurrence at or below `number`. */
  private async indexed(subscriptionId: string, number: number): Promise<{ number: number; offset: number } | null> {
    const row = await this.dataSource
      .getRepository(FeedOffsetEntity)
      .createQueryBuilder('f')
      .where('f.subscription_id = :subscriptionId and f.event_number <= :number', { subscriptionId, number })
      .orderBy('f.event_number', 'DESC')
      .limit(1)
      .getOne();
    return row ? { number: row.eventNumber, offset: row.kafkaOffset } : null;
  }

  private async collect({ topic, subscriptionId, since, until }: RangeRequest, start: number, end: number): Promise<FeedCopy[]> {
    const found = new Map<number, FeedCopy>();
    const reader = new SeekableReader(this.feeds.kafka, { groupId: `delivery.range.${randomUUID()}`, topic, maxWaitTimeInMs: 100 });
    let finish: (error?: Error) => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
    const take = (records: ReadRecord[]) => {
      for (const record of records) {
        if (Number(record.offset) >= end) return finish();
        if (record.headers.ce_subscriptionid !== subscriptionId) continue;
        const copy = copyOf(record);
        if (copy.number === null || copy.number < since || copy.number > until || found.has(copy.number)) continue;
        if (isMalformed(copy)) return finish(new NotificationBuildError(`event ${copy.number} at offset ${copy.offset} cannot be read: ${copy.malformed}`));
        found.set(copy.number, copy);
        if (found.size === until - since + 1) return finish();
      }
      if (Number(records[records.length - 1].offset) >= end - 1) finish();
    };
    const timer = setTimeout(() => finish(new FeedRangeTimeoutError(`reading ${topic} from offset ${start} took longer than ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
    try {
      await reader.start(BigInt(start), take);
      await finished;
    } finally {
      clearTimeout(timer);
      await reader.stop();
    }
    return [...found.values()].sort((a, b) => a.number - b.number);
  }
}

const badValue = (message: string) => new EndpointError(EndpointErrorCode.BadValue, message);
