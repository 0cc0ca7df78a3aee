import { Type } from '@nestjs/common';
import { contractFor, CareRouterEventType } from '@care-events/contracts';
import { CareRelationshipLookup, KnownCareRelationships } from './care-relationships';
import { KnownCareRelationshipEntity } from './known-care-relationship.entity';
import { CreateKnownCareRelationship1767000003100 } from './patient-access.migration';
import { PatientAccessService } from './patient-access.service';
import { RelationshipEventsConsumer } from './relationship-events.consumer';

/**
 * The pieces a service that serves patient data adds to its module and definition: the projection
 * of care relationships the access rules ask, and PatientAccessService. Spread each list into the
 * matching place (ServiceDefinition and @Module), the topic into `consumes`.
 */
export const PatientAccess = {
  topic: contractFor(CareRouterEventType.CareRelationshipStarted).topic,
  entities: [KnownCareRelationshipEntity],
  migrations: [CreateKnownCareRelationship1767000003100],
  controllers: [RelationshipEventsConsumer],
  providers: [PatientAccessService, { provide: CareRelationshipLookup, useClass: KnownCareRelationships }],
  exports: [PatientAccessService],
} as const;

/** PatientAccessService over relationships the service keeps itself (care-router): no projection, no topic. */
export function patientAccessOver(lookup: Type<CareRelationshipLookup>) {
  return { providers: [PatientAccessService, { provide: CareRelationshipLookup, useClass: lookup }] } as const;
}
