import { ConsumerConfig, Kafka, KafkaConfig, LogEntry, logLevel, Partitioners } from 'kafkajs';
import { AvroDecoder } from './avro-decoder';
import { careSettingTopic } from './care-setting-copy';
import { CopyProcessor, SubscriberLog } from './copy-processor';
import { DeadLetterPublisher, defaultDeadLetterTopic } from './dead-letter-publisher';
import { EventHandlers } from './event-handlers';
import { EventStore } from './event-store';
import { MemoryEventStore } from './memory-event-store';
import { MessageLease, MessageReleasedError } from './message-lease';
import { RetryOptions, retryPolicy } from './retry-policy';
import { RegistryOptions, SchemaRegistryReader } from './schema-registry-reader';
import { planStart, requireTopic, StartPlan } from './start-position';
import { SubscriberConfigError } from './subscriber-errors';
import { GapReport, StatusTracker, SubscriptionStatus } from './subscription-status';

export interface SubscribeOptions<Tx = undefined> {
  /** The care setting's ODS code, e.g. A81001: reads care-setting.A81001.events.v1. */
  odsCode: string;
  /** Kafka bootstrap servers, host:port. */
  brokers: string[];
  /** Base URL of the Confluent-compatible schema registry API. */
  registryUrl: string;
  /** Registry credentials and request timeout, if any. */
  registry?: Omit<RegistryOptions, 'url'>;
  /** Kafka consumer group: subscriber processes sharing it share the work (and the store's records). */
  groupId: string;
  /** One handler per event type you want; the others are recorded as taken and skipped. */
  handlers: EventHandlers<Tx>;
  /** Where taken eventIds and positions are kept (default: a MemoryEventStore, for demos). */
  store?: EventStore<Tx>;
  /** With no committed offset yet, start at the first copy written at or after this instant. */
  since?: Date;
  /** With no committed offset yet, start at the beginning of the feed (default true) or at its end (false). */
  fromBeginning?: boolean;
  retry?: RetryOptions;
  /** Topic for events given up on (default care-setting.<ODS>.events.v1.<groupId>.dlq, created if missing). */
  deadLetterTopic?: string;
  /** Called once for each gap seen in a subscription's event numbers. */
  onGap?: (gap: GapReport) => void | Promise<void>;
  /** kafkajs client settings: ssl, sasl, clientId, connectionTimeout, logLevel … (brokers come from `brokers`). */
  kafka?: Omit<KafkaConfig, 'brokers'>;
  /** kafkajs consumer settings, e.g. sessionTimeout (groupId comes from `groupId`). */
  consumer?: Omit<ConsumerConfig, 'groupId'>;
  /** Where the subscriber's own log lines go (default: warnings and errors to the console as JSON). */
  log?: SubscriberLog;
}

export interface Subscription {
  /** Finishes the event in hand (a retry waiting is let go, to be read again), commits, leaves the group and disconnects. */
  stop(): Promise<void>;
  status(): SubscriptionStatus;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Reads a care setting's copies (`care-setting.<ODS>.events.v1`) and gives each event to the
 * handler for its type, once: redelivered copies are skipped by eventId and event number, gaps in
 * the numbers are reported, a handler that keeps failing is retried and then its event is
 * dead-lettered. Resolves once the consumer has joined its group.
 */
export async function subscribe<Tx = undefined>(options: SubscribeOptions<Tx>): Promise<Subscription> {
  const settings = validate(options);
  const log = options.log ?? consoleLog;
  const { topic, groupId, deadLetterTopic } = settings;
  const leases = new Set<MessageLease>();
  const kafka = new Kafka({
    clientId: `care-subscriber-${groupId}`,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forwardKafkaLog(entry, log),
    ...options.kafka,
    brokers: options.brokers,
  });
  const registry = new SchemaRegistryReader({ ...options.registry, url: options.registryUrl });
  await registry.probe();

  const admin = kafka.admin();
  await admin.connect();
  let plan: StartPlan;
  try {
    const topics = await requireTopic(admin, topic);
    if (!topics.includes(deadLetterTopic)) await admin.createTopics({ topics: [{ topic: deadLetterTopic, numPartitions: 1 }], waitForLeaders: true });
    plan = await planStart(admin, { topic, groupId, since: options.since, fromBeginning: settings.fromBeginning });
  } finally {
    await admin.disconnect();
  }

  const status = new StatusTracker(topic, groupId, deadLetterTopic);
  // Dead letters keep the copy's key; the Java-compatible partitioner places them as any Kafka client would.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ maxWaitTimeInMs: 1_000, ...options.consumer, groupId });
  const processor = new CopyProcessor<Tx>({
    groupId,
    handlers: options.handlers,
    store: options.store ?? (new MemoryEventStore() as unknown as EventStore<Tx>),
    decoder: new AvroDecoder(registry),
    deadLetters: new DeadLetterPublisher(producer, deadLetterTopic, groupId),
    retry: settings.retry,
    startsAtOne: plan.startsAtOne,
    status,
    onGap: options.onGap,
    log,
  });

  consumer.on(consumer.events.CRASH, ({ payload: { error, restart } }) => {
    if (status.state !== 'running') return;
    status.failed(error.message);
    if (!restart) status.state = 'crashed';
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      status.state = 'stopping';
      for (const lease of leases) lease.release(new MessageReleasedError('subscription stopping'));
      // kafkajs lets the message in hand finish, commits what was taken, then leaves the group.
      await consumer.disconnect();
      await producer.disconnect();
      status.state = 'stopped';
    })());

  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: settings.fromBeginning && !options.since });
    await consumer.run({
      // Each taken event is committed at once, so a restart re-reads at most the one in hand.
      autoCommitThreshold: 1,
      eachMessage: async (payload) => {
        if (status.state !== 'running') throw new MessageReleasedError('subscription stopping');
        const lease = new MessageLease(payload, 1_000);
        leases.add(lease);
        try {
          await processor.process(payload, lease);
        } finally {
          lease.close();
          leases.delete(lease);
        }
      },
    });
    // Applied before the first fetched copy is handled: kafkajs drops a batch fetched before a pending seek.
    for (const { partition, offset } of plan.seeks) consumer.seek({ topic, partition, offset });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { stop, status: () => status.snapshot() };
}

interface Settings {
  topic: string;
  groupId: string;
  deadLetterTopic: string;
  fromBeginning: boolean;
  retry: ReturnType<typeof retryPolicy>;
}

function validate<Tx>(options: SubscribeOptions<Tx>): Settings {
  if (!options || typeof options !== 'object') throw new SubscriberConfigError('options', 'give subscribe() an options object');
  if (typeof options.odsCode !== 'string') throw new SubscriberConfigError('odsCode', 'must be a string, e.g. A81001');
  const topic = careSettingTopic(options.odsCode);
  if (!Array.isArray(options.brokers) || options.brokers.length === 0 || options.brokers.some((broker) => typeof broker !== 'string' || !broker)) {
    throw new SubscriberConfigError('brokers', 'must be a non-empty list of host:port');
  }
  if (typeof options.registryUrl !== 'string' || !/^https?:\/\//.test(options.registryUrl)) throw new SubscriberConfigError('registryUrl', 'must be an http(s) URL');
  if (typeof options.groupId !== 'string' || !options.groupId.trim()) throw new SubscriberConfigError('groupId', 'must be a non-empty string');
  if (!options.handlers || typeof options.handlers !== 'object') throw new SubscriberConfigError('handlers', 'must be an object of handlers by event type');
  for (const [type, handler] of Object.entries(options.handlers)) {
    if (typeof handler !== 'function') throw new SubscriberConfigError(`handlers.${type}`, 'must be a function');
  }
  if (options.since !== undefined && (!(options.since instanceof Date) || Number.isNaN(options.since.getTime()))) {
    throw new SubscriberConfigError('since', 'must be a valid Date');
  }
  if (options.since !== undefined && options.fromBeginning !== undefined) throw new SubscriberConfigError('since', 'give either since or fromBeginning, not both');
  const deadLetterTopic = options.deadLetterTopic ?? defaultDeadLetterTopic(topic, options.groupId);
  if (!TOPIC_NAME.test(deadLetterTopic)) {
    throw new SubscriberConfigError(options.deadLetterTopic === undefined ? 'groupId' : 'deadLetterTopic', `"${deadLetterTopic}" is not a valid topic name (letters, digits, . _ -): give deadLetterTopic`);
  }
  return { topic, groupId: options.groupId, deadLetterTopic, fromBeginning: options.fromBeginning ?? true, retry: retryPolicy(options.retry) };
}

const consoleLog: SubscriberLog = (level, message, details) => {
  if (level === 'info') return;
  console.error(JSON.stringify({ level, time: new Date().toISOString(), message: `care-subscriber: ${message}`, ...details }));
};

function forwardKafkaLog({ level, log: { message, ...extra } }: LogEntry, log: SubscriberLog): void {
  // kafkajs logs an error thrown from eachMessage; a message let go on stop is not one.
  if (extra.error instanceof MessageReleasedError) return;
  const details = Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, value instanceof Error ? value.message : value]));
  log(level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'info', `kafka: ${message}`, details);
}
