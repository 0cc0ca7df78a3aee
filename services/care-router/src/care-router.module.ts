import { Module } from '@nestjs/common';
import { patientAccessOver } from '@care-events/patient-access';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { CareRelationshipsService } from './application/care-relationships.service';
import { relationshipConfigProvider } from './application/relationship.config';
import { RelationshipExpirySweeper } from './application/relationship-expiry.sweeper';
import { RouterCareRelationships } from './application/router-care-relationships';
import { FollowsController } from './api/follows.controller';
import { PatientRelationshipsController } from './api/patient-relationships.controller';
import { CareSettingTopics } from './application/care-setting-topics';
import { EventRouter } from './application/event-router';
import { SubscriptionsService } from './application/subscriptions.service';
import { SubscriptionsController } from './api/subscriptions.controller';
import { DomainEventsConsumer } from './events/domain-events.consumer';
import { CarePatientEntity } from './persistence/care-patient.entity';
import { CarePatientRepository } from './persistence/care-patient.repository';
import { CareRelationshipEntity } from './persistence/care-relationship.entity';
import { CareRelationshipRepository } from './persistence/care-relationship.repository';
import { CareSubscriptionEntity } from './persistence/care-subscription.entity';
import { CreateCareRelationships1732600000700 } from './persistence/migrations/1732600000700-create-care-relationships';
import { CreateSubscriptions1767000002000 } from './persistence/migrations/1767000002000-create-subscriptions';
import { PausedCopyEntity } from './persistence/paused-copy.entity';
import { SubscriptionTransitionEntity } from './persistence/subscription-transition.entity';

export const CARE_ROUTER_SERVICE: ServiceDefinition = {
  name: 'care-router',
  defaultPort: 3007,
  title: 'care-events care-router',
  description:
    'Keeps each patient\'s care relationships (GP practice, nominated pharmacy, encounters, appointments, results, follows) from the domain events, publishes them on care-router.relationship.v1, and gives each subscribed care setting its own patients\' events on care-setting.<ODS>.events.v1.',
  entities: [CarePatientEntity, CareRelationshipEntity, CareSubscriptionEntity, SubscriptionTransitionEntity, PausedCopyEntity],
  migrations: [CreateCareRelationships1732600000700, CreateSubscriptions1767000002000],
  consumes: consumedTopics('care-router'),
};

@Module({
  imports: [ServiceKitModule.forService(CARE_ROUTER_SERVICE)],
  controllers: [DomainEventsConsumer, SubscriptionsController, FollowsController, PatientRelationshipsController],
  providers: [
    // The access rules ask the router's own relationships, not a projection of the topic it publishes.
    ...patientAccessOver(RouterCareRelationships).providers,
    relationshipConfigProvider,
    CarePatientRepository,
    CareRelationshipRepository,
    CareRelationshipsService,
    RelationshipExpirySweeper,
    CareSettingTopics,
    SubscriptionsService,
    EventRouter,
  ],
})
export class CareRouterModule {}
