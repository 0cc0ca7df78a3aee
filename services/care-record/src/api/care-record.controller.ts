import { BadRequestException, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { parseNhsNumber } from '@care-events/domain-primitives';
import { AuthenticatedApi, idParam, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { CareRecordRead, CareRecordReads } from '../application/care-record-reads.service';
import { toFhirBundle } from '../fhir/fhir-bundle.mapper';
import { careRecordResponse } from './care-record.response';
import { CareRecordQuery } from './dto/care-record-query.dto';

const patientIdParam = idParam('a patient id (UUID)');

@ApiTags('care-record')
@AuthenticatedApi()
@PatientDataReadApi()
@ApiResponse({ status: 400, description: 'A bad patient id, NHS number or format; the body names it' })
@ApiResponse({ status: 404, description: 'No event about the patient has been applied yet' })
@Controller('patients')
export class CareRecordController {
  constructor(private readonly reads: CareRecordReads) {}

  @Get(':patientId/care-record')
  @ApiOperation({ summary: 'The patient\'s care record, with how current each source topic is; ?format=fhir for a FHIR R4 Bundle' })
  async byPatientId(@Param('patientId', patientIdParam) patientId: string, @Query() query: CareRecordQuery, @Reader() reader: Reader, @Res({ passthrough: true }) res: Response) {
    return this.answer(await this.reads.byPatientId(reader, patientId), query, res);
  }

  @Get('by-nhs-number/:nhsNumber/care-record')
  @ApiOperation({ summary: 'The care record of the patient with this NHS number (the current record when duplicates were merged)' })
  @ApiParam({ name: 'nhsNumber', example: '9434765919' })
  async byNhsNumber(@Param('nhsNumber') raw: string, @Query() query: CareRecordQuery, @Reader() reader: Reader, @Res({ passthrough: true }) res: Response) {
    const nhsNumber = parseNhsNumber(raw);
    if (!nhsNumber.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`nhsNumber: ${nhsNumber.reason}`] });
    return this.answer(await this.reads.byNhsNumber(reader, nhsNumber.value), query, res);
  }

  private answer(read: CareRecordRead, query: CareRecordQuery, res: Response) {
    if (query.format !== 'fhir') return careRecordResponse(read);
    res.type('application/fhir+json');
    return toFhirBundle(read.record, { generatedAt: read.readAt });
  }
}
