import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { contractFor, eventContracts } from '@care-events/contracts';
import { AvroCodec, createKafka, isTransientFailure, PartitionRange, TopicRanges } from '@care-events/messaging';
import { MessagingRuntime, SERVICE_CONFIG, ServiceConfig } from '@care-events/service-kit';
import { FeedCopy, NotificationBuildError, NotificationHeldError } from './notification-format';

export type KafkaClient = ReturnType<typeof createKafka>;

/** A scrape or a worker's start waits no longer for Kafka to measure its topics. */
const RANGE_TIMEOUT_MS = 5_000;

/**
 * This service's access to the care-setting topics: its Kafka client (for the readers), the
 * decoding of copies through the registry, and the topics' offset ranges (backlog, log start).
 */
@Injectable()
export class FeedAccess implements OnApplicationShutdown {
  readonly kafka: KafkaClient;
  private readonly codec: AvroCodec;
  private readonly topics: TopicRanges;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, messaging: MessagingRuntime) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `${config.service}-feeds` });
    this.codec = new AvroCodec(messaging.registry, (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
    this.topics = new TopicRanges(this.kafka);
  }

  /**
   * The copies with their values. A registry that cannot answer now holds the notification (tried
   * again later); a value that cannot be decoded, or is another event than its header says, is poison.
   */
  async decode(copies: FeedCopy[]): Promise<FeedCopy[]> {
    return Promise.all(
      copies.map(async (copy) => {
        if (copy.value) return copy;
        let decoded;
        try {
          decoded = await this.codec.decode(copy.rawValue);
        } catch (error) {
          const message = `event ${copy.number} (${copy.eventId}) cannot be decoded: ${(error as Error).message}`;
          throw isTransientFailure(error) ? new NotificationHeldError(message) : new NotificationBuildError(message);
        }
        if (decoded.fullName !== copy.eventType) {
          throw new NotificationBuildError(`event ${copy.number} (${copy.eventId}) says ${copy.eventType} but its value is ${decoded.fullName}`);
        }
        return { ...copy, value: decoded.value as Record<string, unknown> };
      }),
    );
  }

  /**
   * Each topic's single partition: where its log starts and where the next message goes. Topics
   * Kafka does not have are left out; Kafka not answering within a few seconds is an error.
   */
  async ranges(topics: string[]): Promise<Map<string, PartitionRange>> {
    const ranges = await within(this.topics.ranges(topics), RANGE_TIMEOUT_MS);
    return new Map([...ranges].flatMap(([topic, partitions]) => (partitions.has(0) ? [[topic, partitions.get(0)!] as const] : [])));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.topics.close();
  }
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
