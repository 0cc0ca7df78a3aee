import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AppliedPosition {
  topic: string;
  partition: number;
  /** The latest metadata.recordedAt among the events applied, in ms. */
  lastRecordedAt: number;
  events: number;
}

export interface TopicPosition {
  topic: string;
  latestEventRecordedAt: Date;
  eventsApplied: number;
}

/** How far the record got on each source topic. */
@Injectable()
export class SourcePositionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async advance(manager: EntityManager, positions: AppliedPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await manager.query(
      `insert into source_position (topic, partition, last_recorded_at, events_applied)
       select topic, partition, to_timestamp(recorded_ms / 1000.0), events
         from unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[]) as p (topic, partition, recorded_ms, events)
       on conflict (topic, partition) do update
          set last_recorded_at = greatest(source_position.last_recorded_at, excluded.last_recorded_at),
              events_applied = source_position.events_applied + excluded.events_applied, updated_at = now()`,
      [positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.lastRecordedAt), positions.map((p) => p.events)],
    );
  }

  async byTopic(): Promise<TopicPosition[]> {
    const rows: Array<{ topic: string; latest: Date; events: string }> = await this.dataSource.query(
      'select topic, max(last_recorded_at) as latest, sum(events_applied) as events from source_position group by topic',
    );
    return rows.map((row) => ({ topic: row.topic, latestEventRecordedAt: row.latest, eventsApplied: Number(row.events) }));
  }
}
