import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PATIENT_NHS_NUMBERS, PatientAccess } from '@care-events/patient-access';
import { KnownPatientNumbers, PATIENT_LIFECYCLE_HOOKS, PatientView } from '@care-events/patient-view';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { MedicationsController } from './api/medications.controller';
import { MedicationsService } from './application/medications.service';
import { MedicationsLifecycle } from './events/medications-lifecycle';
import { RecordsEventsConsumer } from './events/records-events.consumer';
import { DispensationEntity } from './persistence/dispensation.entity';
import { MedicationEntity } from './persistence/medication.entity';
import { MedicationRepository } from './persistence/medication.repository';
import { CreateMedication1732600000300 } from './persistence/migrations/1732600000300-create-medication';
import { CreatePatientAllergy1732600000301 } from './persistence/migrations/1732600000301-create-patient-allergy';
import { PatientAllergyStatus1732600000302 } from './persistence/migrations/1732600000302-patient-allergy-status';
import { PatientAllergyEntity } from './persistence/patient-allergy.entity';
import { PatientAllergyRepository } from './persistence/patient-allergy.repository';

const ENTITIES = [MedicationEntity, DispensationEntity, PatientAllergyEntity];

export const MEDICATIONS_SERVICE: ServiceDefinition = {
  name: 'medications',
  defaultPort: 3003,
  title: 'care-events medications',
  description: 'Owns prescriptions: prescribing with an allergy check, dose changes, stopping, dispensing. Publishes medications.medication.v1.',
  entities: [...PatientView.entities, ...PatientAccess.entities, ...ENTITIES],
  migrations: [...PatientView.migrations, ...PatientAccess.migrations, CreateMedication1732600000300, CreatePatientAllergy1732600000301, PatientAllergyStatus1732600000302],
  consumes: consumedTopics('medications'),
};

@Module({
  imports: [ServiceKitModule.forService(MEDICATIONS_SERVICE), TypeOrmModule.forFeature(ENTITIES)],
  controllers: [...PatientView.controllers, ...PatientAccess.controllers, MedicationsController, RecordsEventsConsumer],
  providers: [
    ...PatientView.providers,
    ...PatientAccess.providers,
    { provide: PATIENT_NHS_NUMBERS, useExisting: KnownPatientNumbers },
    MedicationsService,
    MedicationRepository,
    PatientAllergyRepository,
    MedicationsLifecycle,
    { provide: PATIENT_LIFECYCLE_HOOKS, useExisting: MedicationsLifecycle },
  ],
})
export class MedicationsModule {}
