import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConsumerGroupAdmin, createKafka } from '@care-events/messaging';
import { Clock, SERVICE_CONFIG, ServiceConfig } from '@care-events/service-kit';
import { SourcePositionRepository } from '../persistence/source-position.repository';
import { SOURCE_TOPICS } from './source-topics';

/** How current the record is on one source topic. */
export interface TopicFreshness {
  topic: string;
  /** metadata.recordedAt of the latest event applied from the topic; null before the first. */
  latestEventRecordedAt: string | null;
  /** Events on the topic the service has yet to apply (end offsets minus its group's committed offsets); null when Kafka did not answer. */
  lag: number | null;
  /** When the lag was measured. */
  lagMeasuredAt: string | null;
}

/** A measured lag is served this long; an older one is served once more while a new one is measured. */
const LAG_MAX_AGE_MS = 2_000;

interface LagMeasurement {
  at: Date;
  byTopic: Map<string, bigint>;
}

/**
 * The freshness of the care record per source topic: the latest event applied (from the database)
 * and the consumer lag (from Kafka). The lag is measured in the background at most every couple
 * of seconds, so a read never waits for the broker except the very first.
 */
@Injectable()
export class FreshnessService implements OnModuleDestroy {
  private readonly group: ConsumerGroupAdmin;
  private latest?: LagMeasurement;
  private measuring?: Promise<LagMeasurement | undefined>;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, private readonly positions: SourcePositionRepository, private readonly clock: Clock) {
    this.group = new ConsumerGroupAdmin(createKafka({ brokers: config.kafkaBrokers, clientId: `${config.service}-freshness` }), config.consumer.group);
  }

  async freshness(): Promise<TopicFreshness[]> {
    const [positions, lag] = await Promise.all([this.positions.byTopic(), this.lag()]);
    return SOURCE_TOPICS.map((topic) => {
      const position = positions.find((p) => p.topic === topic);
      const behind = lag?.byTopic.get(topic);
      return {
        topic,
        latestEventRecordedAt: position ? position.latestEventRecordedAt.toISOString() : null,
        lag: behind === undefined ? null : Number(behind),
        lagMeasuredAt: lag ? lag.at.toISOString() : null,
      };
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.measuring;
    await this.group.close();
  }

  private async lag(): Promise<LagMeasurement | undefined> {
    const fresh = this.latest && this.clock.now().getTime() - this.latest.at.getTime() < LAG_MAX_AGE_MS;
    if (!fresh) this.measuring ??= this.measure().finally(() => (this.measuring = undefined));
    return this.latest ?? this.measuring;
  }

  private async measure(): Promise<LagMeasurement | undefined> {
    try {
      const at = this.clock.now();
      this.latest = { at, byTopic: await this.group.lag(SOURCE_TOPICS) };
    } catch {
      // Kafka unreachable: the last measurement (with its time) stands, or none.
    }
    return this.latest;
  }
}
