import { BadRequestException, Controller, Get, Param, PipeTransform, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Resource } from '@medplum/fhirtypes';
import { Response } from 'express';
import { AuthenticatedApi, idParam, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { FHIR_RESOURCE_TYPES, FhirResourceReads } from '../application/fhir-resource-reads';
import { FhirReadQuery } from './dto/fhir-read-query.dto';

const resourceTypeParam: PipeTransform<string, string> = {
  transform: (value: string) => {
    if (!FHIR_RESOURCE_TYPES.includes(value)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`type: must be one of ${FHIR_RESOURCE_TYPES.join(', ')}`] });
    return value;
  },
};

@ApiTags('care-record')
@AuthenticatedApi()
@PatientDataReadApi()
@ApiResponse({ status: 400, description: 'A bad resource type, id or appliedEvent; the body names it' })
@ApiResponse({ status: 404, description: 'No care record holds that resource' })
@ApiResponse({ status: 409, description: 'NOT_YET_APPLIED: the care record has not applied appliedEvent yet; ask again shortly' })
@Controller('fhir')
export class FhirReadController {
  constructor(private readonly reads: FhirResourceReads) {}

  @Get(':type/:id')
  @ApiOperation({ summary: 'One FHIR R4 resource of a care record, mapped as in the record\'s bundle (the full-resource content of delivery notifications)' })
  @ApiParam({ name: 'type', enum: FHIR_RESOURCE_TYPES })
  async read(
    @Param('type', resourceTypeParam) type: string, @Param('id', idParam('a resource id (UUID)')) id: string, @Query() query: FhirReadQuery,
    @Reader() reader: Reader, @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const resource = await this.reads.read(reader, type, id, query.appliedEvent);
    res.type('application/fhir+json');
    return resource;
  }
}
