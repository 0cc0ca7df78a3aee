import { Module } from '@nestjs/common';
import { PatientAccess } from '@care-events/patient-access';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { AccessLogController } from './api/access-log.controller';
import { FhirReadController } from './api/fhir-read.controller';
import { FhirResourceReads } from './application/fhir-resource-reads';
import { CareRecordController } from './api/care-record.controller';
import { CareRecordProjection } from './application/care-record-projection';
import { CareRecordReads } from './application/care-record-reads.service';
import { FreshnessService } from './application/freshness.service';
import { CareRecordEventsConsumer } from './events/care-record-events.consumer';
import { AccessLogEntryEntity } from './persistence/access-log-entry.entity';
import { AccessLogRepository } from './persistence/access-log.repository';
import { CareRecordPartEntity } from './persistence/care-record-part.entity';
import { CareRecordRepository } from './persistence/care-record.repository';
import { CreateCareRecord1767000003600 } from './persistence/migrations/1767000003600-create-care-record';
import { SourcePositionEntity } from './persistence/source-position.entity';
import { SourcePositionRepository } from './persistence/source-position.repository';

export const CARE_RECORD_SERVICE: ServiceDefinition = {
  name: 'care-record',
  defaultPort: 3006,
  title: 'care-events care-record',
  description:
    'The shared care record: each patient\'s demographics, allergies, problems, medications, results, appointments and encounters, folded from the five domain topics, with how current each source is; as JSON or a FHIR R4 Bundle. Also who read each patient\'s data, from audit.access.v1.',
  entities: [CareRecordPartEntity, SourcePositionEntity, AccessLogEntryEntity, ...PatientAccess.entities],
  migrations: [...PatientAccess.migrations, CreateCareRecord1767000003600],
  consumes: consumedTopics('care-record'),
};

@Module({
  imports: [ServiceKitModule.forService(CARE_RECORD_SERVICE)],
  controllers: [CareRecordController, AccessLogController, FhirReadController, CareRecordEventsConsumer, ...PatientAccess.controllers],
  providers: [...PatientAccess.providers, CareRecordRepository, SourcePositionRepository, AccessLogRepository, CareRecordProjection, FreshnessService, CareRecordReads, FhirResourceReads],
})
export class CareRecordModule {}
