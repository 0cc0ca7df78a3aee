import { BadRequestException, Controller, Get, Param, PipeTransform, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { PatientAccessService } from '@care-events/patient-access';
import { AuthenticatedApi, Clock, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { CareRelationshipsService } from '../application/care-relationships.service';
import { CareRelationshipsExceptionFilter } from './care-relationships-exception.filter';
import { patientRelationshipsResponse } from './care-relationship.response';

/** `:patientId`: anything but a UUID is a 400 naming patientId; a UUID comes out lower-cased. */
const patientIdParam: PipeTransform<string, string> = {
  transform: (value: string) => {
    if (!isUUID(value, 'all')) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['patientId: must be a patient id (UUID)'] });
    return value.toLowerCase();
  },
};

@ApiTags('relationships')
@AuthenticatedApi()
@UseFilters(CareRelationshipsExceptionFilter)
@Controller('patients')
export class PatientRelationshipsController {
  constructor(
    private readonly relationships: CareRelationshipsService,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  @Get(':patientId/relationships')
  @ApiOperation({ summary: "The patient's care relationships: those open now and those ended in the last 30 days, the latest first" })
  @ApiResponse({ status: 200 })
  @ApiResponse({ status: 400, description: 'patientId is not a UUID' })
  @ApiResponse({ status: 404, description: 'The router has seen no event of this patient' })
  @PatientDataReadApi()
  async list(@Param('patientId', patientIdParam) patientId: string, @Reader() reader: Reader) {
    const relationships = await this.relationships.relationshipsOf(patientId);
    // The router knows patients by id alone: a patient's own token cannot be matched here.
    await this.access.authorizeReadOf(reader, { patientId, nhsNumber: null }, 'care-router:relationships');
    return patientRelationshipsResponse(relationships, this.clock.now());
  }
}
