import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PATIENT_NHS_NUMBERS, PatientAccess } from '@care-events/patient-access';
import { KnownPatientNumbers, PATIENT_LIFECYCLE_HOOKS, PatientView } from '@care-events/patient-view';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { AllergiesController } from './api/allergies.controller';
import { ConditionsController } from './api/conditions.controller';
import { EncountersController } from './api/encounters.controller';
import { AllergiesService } from './application/allergies.service';
import { ConditionsService } from './application/conditions.service';
import { EncountersService } from './application/encounters.service';
import { RecordsLifecycle } from './events/records-lifecycle';
import { AllergyEntity } from './persistence/allergy.entity';
import { ConditionEntity } from './persistence/condition.entity';
import { EncounterEntity } from './persistence/encounter.entity';
import { CreateClinicalRecords1732600000200 } from './persistence/migrations/1732600000200-create-clinical-records';
import { AllergyRepository, ConditionRepository, EncounterRepository } from './persistence/records.repositories';

export const RECORDS_SERVICE: ServiceDefinition = {
  name: 'records',
  defaultPort: 3002,
  title: 'care-events records',
  description: "The patient's clinical record: allergies and intolerances, problems and conditions, encounters. Publishes records.clinical.v1.",
  entities: [...PatientView.entities, ...PatientAccess.entities, AllergyEntity, ConditionEntity, EncounterEntity],
  migrations: [...PatientView.migrations, ...PatientAccess.migrations, CreateClinicalRecords1732600000200],
  consumes: consumedTopics('records'),
};

@Module({
  imports: [ServiceKitModule.forService(RECORDS_SERVICE), TypeOrmModule.forFeature([AllergyEntity, ConditionEntity, EncounterEntity])],
  controllers: [...PatientView.controllers, ...PatientAccess.controllers, AllergiesController, ConditionsController, EncountersController],
  providers: [
    ...PatientView.providers,
    ...PatientAccess.providers,
    { provide: PATIENT_NHS_NUMBERS, useExisting: KnownPatientNumbers },
    AllergyRepository,
    ConditionRepository,
    EncounterRepository,
    AllergiesService,
    ConditionsService,
    EncountersService,
    RecordsLifecycle,
    { provide: PATIENT_LIFECYCLE_HOOKS, useExisting: RecordsLifecycle },
  ],
})
export class RecordsModule {}
