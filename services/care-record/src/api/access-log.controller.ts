import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedApi, idParam, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { CareRecordReads } from '../application/care-record-reads.service';
import { AccessLogQuery } from './dto/care-record-query.dto';

const patientIdParam = idParam('a patient id (UUID)');

@ApiTags('care-record')
@AuthenticatedApi()
@PatientDataReadApi()
@Controller('patients')
export class AccessLogController {
  constructor(private readonly reads: CareRecordReads) {}

  @Get(':patientId/access-log')
  @ApiOperation({ summary: 'Who read the patient\'s data, in any service, latest first (from audit.access.v1): for the patient themselves and those allowed to read the patient' })
  async accessLog(@Param('patientId', patientIdParam) patientId: string, @Query() query: AccessLogQuery, @Reader() reader: Reader) {
    return { patientId, entries: await this.reads.accessLogOf(reader, patientId, query.limit ?? 100) };
  }
}
