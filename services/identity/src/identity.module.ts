import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PatientAccess } from '@care-events/patient-access';
import { ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { consumedTopics } from '@care-events/messaging';
import { PatientsController } from './api/patients.controller';
import { IdentityCommands } from './application/identity-commands.handler';
import { PatientsService } from './application/patients.service';
import { CreatePatient1732600000100 } from './persistence/migrations/1732600000100-create-patient';
import { SupersededPatient1732600000101 } from './persistence/migrations/1732600000101-superseded-patient';
import { PatientEntity } from './persistence/patient.entity';
import { PatientRepository } from './persistence/patient.repository';

export const IDENTITY_SERVICE: ServiceDefinition = {
  name: 'identity',
  defaultPort: 3001,
  title: 'care-events identity',
  description: 'Owns patients: registration, demographics, GP and pharmacy, death, merges, sensitivity. Publishes identity.patient.v1.',
  entities: [...PatientAccess.entities, PatientEntity],
  migrations: [...PatientAccess.migrations, CreatePatient1732600000100, SupersededPatient1732600000101],
  consumes: consumedTopics('identity'),
};

@Module({
  imports: [ServiceKitModule.forService(IDENTITY_SERVICE), TypeOrmModule.forFeature([PatientEntity])],
  controllers: [...PatientAccess.controllers, PatientsController],
  providers: [...PatientAccess.providers, IdentityCommands, PatientsService, PatientRepository],
})
export class IdentityModule {}
