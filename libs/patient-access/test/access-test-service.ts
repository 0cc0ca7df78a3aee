import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { AuthenticatedApi, idParam, Reader, ServiceDefinition, ServiceKitModule } from '@care-events/service-kit';
import { PatientAccess, PatientAccessService } from '../src';

/** A service of one patient-data read, over the real platform: what every service does with PatientAccess. */
export const ACCESS_TEST_SERVICE: ServiceDefinition = {
  name: 'access-test',
  defaultPort: 3999,
  title: 'patient access test',
  description: 'One read of patient data, decided and audited',
  entities: [...PatientAccess.entities],
  migrations: [...PatientAccess.migrations],
  consumes: [PatientAccess.topic],
};

@AuthenticatedApi()
@Controller('patients')
class NotesController {
  constructor(private readonly access: PatientAccessService) {}

  /** `nhsNumber` stands for what a service knows of the patient. */
  @Get(':patientId/notes')
  async notes(@Param('patientId', idParam()) patientId: string, @Reader() reader: Reader, @Query('nhsNumber') nhsNumber?: string) {
    const decision = await this.access.authorizeRead(reader.caller, { patientId, nhsNumber: nhsNumber ?? null }, 'access-test:notes', reader.breakGlassReason, reader.correlationId);
    return { patientId, notes: ['sees the district nurse weekly'], releasedResultsOnly: decision.releasedResultsOnly };
  }
}

@Module({
  imports: [ServiceKitModule.forService(ACCESS_TEST_SERVICE)],
  controllers: [...PatientAccess.controllers, NotesController],
  providers: [...PatientAccess.providers],
})
export class AccessTestModule {}
