import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { contractFor, eventContracts } from '@care-events/contracts';
import { AvroCodec, ConsumerGroupAdmin, createKafka, isTransientFailure, PartitionRange } from '@care-events/messaging';
import { MessagingRuntime, SERVICE_CONFIG, ServiceConfig } from '@care-events/service-kit';
import { FeedCopy, NotificationBuildError, NotificationHeldError } from './notification-format';

export type KafkaClient = ReturnType<typeof createKafka>;

const RANGE_TIMEOUT_MS = 3_000;

/**
 * This service's access to the care-setting topics: its Kafka client (for the readers), the
 * decoding of copies through the registry, and the topics' offset ranges (backlog, log start).
 */
@Injectable()
export class FeedAccess implements OnApplicationShutdown {
  readonly kafka: KafkaClient;
  private readonly codec: AvroCodec;
  private readonly admin: ConsumerGroupAdmin;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, messaging: MessagingRuntime) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `${config.service}-feeds` });
    this.codec = new AvroCodec(messaging.registry, (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
    this.admin = new ConsumerGroupAdmin(this.kafka, `${config.service}-feed-ranges`);
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
   * Each topic's single partition: where its log starts and where the next message goes. A topic
   * Kafka cannot measure within a few seconds (missing, its leader moving) is left out rather than
   * holding up the others: the client retries an unknown topic for half a minute.
   */
  async ranges(topics: string[]): Promise<Map<string, PartitionRange>> {
    const measured = await Promise.all(
      [...new Set(topics)].map(async (topic) => {
        const ranges = await within(this.admin.ranges([topic]), RANGE_TIMEOUT_MS).catch(() => undefined);
        return [topic, ranges?.get(topic)?.get(0)] as const;
      }),
    );
    return new Map(measured.filter((entry): entry is readonly [string, PartitionRange] => entry[1] !== undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.close();
  }
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
