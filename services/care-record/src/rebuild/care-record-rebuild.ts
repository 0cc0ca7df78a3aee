import { DataSource } from 'typeorm';
import { AuditEventType } from '@care-events/contracts';
import { ConsumerGroupAdmin, createKafka, PartitionRange } from '@care-events/messaging';
import { loadServiceConfig, startServiceApp } from '@care-events/service-kit';
import { transactionalMessagingMigrations } from '@care-events/transactional-messaging';
import { CARE_EVENT_TYPES } from '../application/care-record-projection';
import { AUDIT_TOPIC, SOURCE_TOPICS } from '../application/source-topics';
import { CARE_RECORD_SERVICE, CareRecordModule } from '../care-record.module';
import { AccessLogEntryEntity } from '../persistence/access-log-entry.entity';
import { CareRecordPartEntity } from '../persistence/care-record-part.entity';
import { SourcePositionEntity } from '../persistence/source-position.entity';

export interface RebuildListener {
  /** The events to consume: everything on the topics when the rebuild started. */
  started?(total: number): void;
  progressed?(applied: number, total: number): void;
}

export interface RebuildResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** Kafka moves a group's offsets only while it is empty: the running service must be stopped first. */
export class CareRecordRunningError extends Error {
  constructor(group: string, members: number) {
    super(`stop care-record first: its consumer group "${group}" has ${members} member(s)`);
  }
}

/** A rebuild reads fast: more partitions at once and bigger batches than the service's defaults, unless set. */
const REBUILD_DEFAULTS = { CONSUMER_PARTITIONS_CONCURRENTLY: '16', CONSUMER_BATCH_SIZE: '2000', LOG_LEVEL: 'warn' };
const POLL_MS = 100;

/**
 * What a rebuild folds again: the care record and the access log, from their topics. The care
 * relationships the access rules ask (PatientAccess) are not this service's own view: they stay,
 * and their topic is read on from where it was.
 */
const REBUILT = {
  topics: [...SOURCE_TOPICS, AUDIT_TOPIC],
  tables: [CareRecordPartEntity, SourcePositionEntity, AccessLogEntryEntity],
  eventTypes: [...CARE_EVENT_TYPES, AuditEventType.PatientDataAccessed] as string[],
};

/**
 * Rebuilds the care record and the access log from their topics: empties their tables and what the
 * group's inbox says it handled of those topics, moves the group back to the first message of each,
 * then runs the service itself (its consumer, in this process) until the group has committed every
 * message that was on them when the rebuild started. Settings as the service's (`env` over the
 * process environment).
 */
export async function rebuildCareRecord(listener: RebuildListener = {}, env: Record<string, string> = {}): Promise<RebuildResult> {
  const settings = { ...REBUILD_DEFAULTS, ...process.env, ...env };
  const config = loadServiceConfig(CARE_RECORD_SERVICE.name, CARE_RECORD_SERVICE.defaultPort, settings);
  const group = new ConsumerGroupAdmin(createKafka({ brokers: config.kafkaBrokers, clientId: 'care-record-rebuild' }), config.consumer.group);
  try {
    const members = await group.memberCount();
    if (members > 0) throw new CareRecordRunningError(config.consumer.group, members);
    await emptyProjection(config.databaseUrl, config.consumer.group);
    await group.rewindToEarliest(REBUILT.topics);
    const ends = await group.ranges(REBUILT.topics);
    const total = sum(ends, ({ low, high }) => high - low);
    listener.started?.(total);
    const startedAt = performance.now();
    const service = await withEnvironment(settings, () => startServiceApp(CareRecordModule, { port: 0 }));
    try {
      for (;;) {
        const applied = await appliedSoFar(group, ends);
        listener.progressed?.(applied, total);
        if (applied >= total) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      // From the start of the service to the last commit: stopping it afterwards is not part of the rebuild.
      const seconds = (performance.now() - startedAt) / 1000;
      return { events: total, seconds, eventsPerSecond: total / seconds };
    } finally {
      await service.shutdown();
    }
  } finally {
    await group.close();
  }
}

/** The rebuilt tables, and what the group's inbox says it handled of the rebuilt topics. */
async function emptyProjection(databaseUrl: string, consumerGroup: string): Promise<void> {
  // Migrated first, as the service would be: a rebuild into a new database starts from its empty tables.
  const dataSource = await new DataSource({
    type: 'postgres', url: databaseUrl, entities: CARE_RECORD_SERVICE.entities, migrationsRun: true,
    migrations: [...transactionalMessagingMigrations, ...CARE_RECORD_SERVICE.migrations] as Array<new () => never>,
  }).initialize();
  try {
    await dataSource.transaction(async (manager) => {
      await manager.query(`truncate ${REBUILT.tables.map((entity) => `"${dataSource.getMetadata(entity).tableName}"`).join(', ')}`);
      await manager.query('delete from inbox_message where consumer_group = $1 and event_type = any($2)', [consumerGroup, REBUILT.eventTypes]);
    });
  } finally {
    await dataSource.destroy();
  }
}

/** Messages up to the captured ends that the group has committed. */
async function appliedSoFar(group: ConsumerGroupAdmin, ends: Map<string, Map<number, PartitionRange>>): Promise<number> {
  const committed = await group.committed([...ends.keys()]);
  return sum(ends, ({ low, high }, topic, partition) => {
    const next = committed.get(topic)?.get(partition) ?? low;
    return next <= low ? 0n : (next < high ? next : high) - low;
  });
}

function sum(ranges: Map<string, Map<number, PartitionRange>>, count: (range: PartitionRange, topic: string, partition: number) => bigint): number {
  let total = 0n;
  for (const [topic, partitions] of ranges) for (const [partition, range] of partitions) total += count(range, topic, partition);
  return Number(total);
}

/** The service reads its settings from process.env while it starts; the caller's environment comes back afterwards. */
async function withEnvironment<T>(settings: Record<string, string | undefined>, start: () => Promise<T>): Promise<T> {
  const previous = { ...process.env };
  Object.assign(process.env, settings);
  try {
    return await start();
  } finally {
    process.env = previous;
  }
}
