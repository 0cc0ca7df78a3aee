import { Module } from '@nestjs/common';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { AttemptRetentionSweep } from './application/attempt-retention.sweep';
import { CursorCommitter } from './application/cursor-committer';
import { DeliveryMetrics } from './application/delivery-metrics';
import { ClockTimer, DeliveryTimer } from './application/delivery-timer';
import { deliveryConfigProvider } from './application/delivery.config';
import { EndpointChannels, NOTIFICATION_FORMATS, NotificationFormats } from './application/endpoint-channels';
import { EndpointGaugesReader } from './application/endpoint-gauges-reader';
import { EndpointSupervisor } from './application/endpoint-supervisor';
import { FeedAccess } from './application/feed-access';
import { FhirBackportFormat, FOCUS_RESOURCES } from './application/fhir-backport-format';
import { SecretBox } from './application/secret-box';
import { StandardWebhooksFormat } from './application/standard-webhooks-format';
import { WorkerResults } from './application/worker-results';
import { CareRecordClient } from './application/care-record-client';
import { CareRouterClient } from './application/care-router-client';
import { EndpointsService } from './application/endpoints.service';
import { FeedRange } from './application/feed-range';
import { ServiceToken } from './application/service-token';
import { EndpointsController } from './api/endpoints.controller';
import { FhirSubscriptionController } from './api/fhir-subscription.controller';
import { DeliveryAttemptEntity } from './persistence/delivery-attempt.entity';
import { DeliveryEndpointEntity } from './persistence/delivery-endpoint.entity';
import { DeliverySkipEntity } from './persistence/delivery-skip.entity';
import { EndpointSecretEntity } from './persistence/endpoint-secret.entity';
import { EndpointTransitionEntity } from './persistence/endpoint-transition.entity';
import { FeedOffsetEntity } from './persistence/feed-offset.entity';
import { CreateDelivery1767000004000 } from './persistence/migrations/1767000004000-create-delivery';

export const DELIVERY_SERVICE: ServiceDefinition = {
  name: 'delivery',
  defaultPort: 3008,
  title: 'care-events delivery',
  description:
    'Delivers each care setting\'s feed (care-setting.<ODS>.events.v1) to its HTTPS endpoints as FHIR R4 backport subscription notifications or signed Standard Webhooks: in event-number order, never skipped, retried until acknowledged, replayable by number.',
  entities: [DeliveryEndpointEntity, EndpointSecretEntity, DeliveryAttemptEntity, DeliverySkipEntity, EndpointTransitionEntity, FeedOffsetEntity],
  migrations: [CreateDelivery1767000004000],
};

@Module({
  imports: [ServiceKitModule.forService(DELIVERY_SERVICE)],
  controllers: [EndpointsController, FhirSubscriptionController],
  providers: [
    deliveryConfigProvider,
    SecretBox,
    // The API: endpoints, their FHIR view, replay by number; care-router asked with delivery's own token.
    ServiceToken,
    CareRouterClient,
    EndpointsService,
    FeedRange,
    // The engine: formats, channels, the feed, the committer, the workers and their supervisor.
    StandardWebhooksFormat,
    // Full-resource entries: the focus resource as care-record maps it.
    { provide: FOCUS_RESOURCES, useClass: CareRecordClient },
    FhirBackportFormat,
    {
      provide: NOTIFICATION_FORMATS,
      useFactory: (webhooks: StandardWebhooksFormat, fhir: FhirBackportFormat): NotificationFormats => ({ 'standard-webhooks': webhooks, 'fhir-backport': fhir }),
      inject: [StandardWebhooksFormat, FhirBackportFormat],
    },
    { provide: DeliveryTimer, useClass: ClockTimer },
    DeliveryMetrics,
    // delivery's series join the service's registry; /metrics is service-kit's.
    EndpointGaugesReader,
    FeedAccess,
    EndpointChannels,
    CursorCommitter,
    WorkerResults,
    EndpointSupervisor,
    AttemptRetentionSweep,
  ],
})
export class DeliveryModule {}
