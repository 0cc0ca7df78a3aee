import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { contractFor, eventContracts } from '@care-events/contracts';
import {
  AvroCodec, ConsumerStatus, createKafka, DeadLetterPublisher, EventConsumer, EventProducer, probeBroker, SchemaRegistryClient,
} from '@care-events/messaging';
import {
  KafkaEventServer, MessagingHousekeeping, OutboxBacklog, OutboxRelay, OutboxWriter, PgRelayLeadership, SqlOutboxStore,
} from '@care-events/transactional-messaging';
import { ServiceConfig } from '../config/service-config';
import { PrometheusConsumerMetrics } from '../metrics/consumer-metrics';
import { OutboxMetrics } from '../metrics/outbox-metrics';
import { structuredLog } from '../observability/structured-log';

const HOUR = 3_600_000;

/** The Kafka side of one service: the outbox writer and relay, and (when it consumes) its consumer. */
export class MessagingRuntime {
  readonly outbox = new OutboxWriter();
  readonly registry: SchemaRegistryClient;
  readonly relay: OutboxRelay;
  private readonly logger = new Logger('Messaging');
  private readonly log = structuredLog(this.logger);
  private readonly kafka;
  private readonly codec: AvroCodec;
  /** The relay's own: a failed dead-letter send resets its producer, never one under a relay batch. */
  private readonly producer: EventProducer;
  private readonly deadLetterProducer: EventProducer;
  private readonly housekeeping: MessagingHousekeeping;
  private consumer?: EventConsumer;
  private readonly outboxStore: SqlOutboxStore;
  private readonly consumerMetrics: PrometheusConsumerMetrics;

  constructor(private readonly config: ServiceConfig, dataSource: DataSource, metrics: Registry) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: config.service }, this.log);
    this.registry = new SchemaRegistryClient(config.schemaRegistryUrl);
    this.codec = new AvroCodec(this.registry, (fullName) => (Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined));
    this.producer = new EventProducer(this.kafka);
    this.deadLetterProducer = new EventProducer(this.kafka);
    const outboxStore = new SqlOutboxStore(dataSource);
    this.outboxStore = outboxStore;
    this.housekeeping = new MessagingHousekeeping(dataSource, outboxStore, {
      outboxRetentionMs: config.outbox.retentionHours * HOUR,
      inboxRetentionMs: 30 * 24 * HOUR,
      intervalMs: HOUR / 4,
    });
    this.relay = new OutboxRelay(outboxStore, this.codec, this.producer, new PgRelayLeadership(config.databaseUrl), {
      source: `/services/${config.service}`,
      batchSize: config.outbox.batchSize,
      pollIntervalMs: config.outbox.pollIntervalMs,
      lingerMs: config.outbox.lingerMs,
      log: this.log,
      metrics: new OutboxMetrics(metrics, { backlog: () => this.outboxBacklog(), stuckRows: () => this.relay.status().stuck.length }),
    });
    this.consumerMetrics = new PrometheusConsumerMetrics(metrics);
  }

  /** Rows committed but not yet on Kafka: what an outage of Kafka or the registry holds back. */
  outboxBacklog(): Promise<OutboxBacklog> {
    return this.outboxStore.backlog();
  }

  /** Starts publishing the outbox, and pruning it on a schedule. */
  startPublishing(): void {
    this.relay.start();
    this.housekeeping.start((error) => this.logger.warn(`housekeeping failed: ${error.message}`));
  }

  /** A Nest transport consuming the topics; handlers are @EventPattern('<record full name>'). */
  consumerServer(dataSource: DataSource, topics: string[], groupId = this.config.consumer.group): KafkaEventServer {
    this.consumer = new EventConsumer(this.kafka, this.codec, new DeadLetterPublisher(this.deadLetterProducer), {
      groupId,
      topics,
      retry: { attempts: this.config.consumer.retryAttempts, initialBackoffMs: this.config.consumer.retryBackoffMs, maxBackoffMs: this.config.consumer.retryMaxBackoffMs },
      handlerTimeoutMs: this.config.consumer.handlerTimeoutMs,
      sessionTimeoutMs: this.config.consumer.sessionTimeoutMs,
      partitionsConsumedConcurrently: this.config.consumer.concurrency,
      batchSize: this.config.consumer.batchSize,
      log: this.log,
      metrics: this.consumerMetrics,
    });
    return new KafkaEventServer(this.consumer, dataSource, groupId);
  }

  /** Undefined when the service consumes nothing. */
  consumerStatus(): ConsumerStatus | undefined {
    return this.consumer?.status();
  }

  kafkaReachable(): Promise<boolean> {
    return probeBroker(this.config.kafkaBrokers);
  }

  async stopConsumer(): Promise<void> {
    await this.consumer?.stop();
    await this.deadLetterProducer.disconnect();
  }

  async stopRelay(): Promise<void> {
    this.housekeeping.stop();
    await this.relay.stop();
    await this.producer.disconnect();
  }
}

