import { Module } from '@nestjs/common';
import { consumedTopics } from '@care-events/messaging';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { OptOutListsController } from './api/opt-out-lists.controller';
import { AnalyticsFeed } from './application/analytics-feed';
import { AnalyticsSettings } from './application/analytics-settings';
import { FeedMetrics } from './application/feed-metrics';
import { FeedStatus } from './application/feed-status';
import { FeedTopics } from './application/feed-topics';
import { OptOutListsService } from './application/opt-out-lists.service';
import { DomainEventsConsumer } from './events/domain-events.consumer';
import { AnalyticsPatientsRepository } from './persistence/analytics-patients.repository';
import { FeedCountsRepository } from './persistence/feed-counts.repository';
import { HeldRecordsRepository } from './persistence/held-records.repository';
import { CreateAnalytics1767100000900 } from './persistence/migrations/1767100000900-create-analytics';
import { StagedOptOutLoads1767100000901 } from './persistence/migrations/1767100000901-staged-opt-out-loads';
import { SupersededPatients1767100000902 } from './persistence/migrations/1767100000902-superseded-patients';
import { OptOutListsRepository } from './persistence/opt-out-lists.repository';

export const ANALYTICS_SERVICE: ServiceDefinition = {
  name: 'analytics',
  defaultPort: 3009,
  title: 'care-events analytics',
  description:
    'A pseudonymised, generalised feed of the clinical events for each recipient of deploy/analytics/recipients.json, only of patients ' +
    'without a national data opt-out (fail closed): publishes analytics.<recipient>.<type>.v1 (docs/analytics.md).',
  entities: [],
  migrations: [CreateAnalytics1767100000900, StagedOptOutLoads1767100000901, SupersededPatients1767100000902],
  consumes: consumedTopics('analytics'),
};

@Module({
  imports: [ServiceKitModule.forService(ANALYTICS_SERVICE)],
  controllers: [OptOutListsController, DomainEventsConsumer],
  providers: [
    { provide: AnalyticsSettings, useFactory: () => new AnalyticsSettings() },
    AnalyticsFeed,
    FeedMetrics,
    FeedStatus,
    FeedTopics,
    OptOutListsService,
    AnalyticsPatientsRepository,
    FeedCountsRepository,
    HeldRecordsRepository,
    OptOutListsRepository,
  ],
})
export class AnalyticsModule {}
