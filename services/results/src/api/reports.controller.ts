import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedApi, Command, idParam, PatientDataReadApi, PatientQuery, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { ReportsService } from '../application/reports.service';
import { toAmendment, toNewReport, toPractitioner } from './dto/dto-mapping';
import { AmendReportDto, ReleaseReportDto, ReportResultDto } from './dto/report-commands.dto';
import { reportResponse } from './report.response';
import { ResultsExceptionFilter } from './results-exception.filter';

const id = idParam('a report id (UUID)');

@ApiTags('reports')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(ResultsExceptionFilter)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({ summary: 'Report a diagnostic report (version 1)' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 404, description: 'The patient is not known from identity' })
  @ApiResponse({ status: 409, description: 'The patient was merged into another record (survivingPatientId)' })
  async report(@Body() body: ReportResultDto, @Command() command: CommandContext) {
    return reportResponse(await this.reports.report(toNewReport(body), command));
  }

  @Get()
  @ApiOperation({ summary: "A patient's reports, each at its current version; to the patient themselves, only those released to them, at the released version" })
  @PatientDataReadApi()
  async find(@Query() query: PatientQuery, @Reader() reader: Reader) {
    return (await this.reports.findByPatient(query.patientId, reader)).map(reportResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report at its current version, with a summary of every version; to the patient themselves, as released to them (404 before a release)' })
  @ApiResponse({ status: 404 })
  @PatientDataReadApi()
  async get(@Param('id', id) reportId: string, @Reader() reader: Reader) {
    return reportResponse(await this.reports.get(reportId, reader));
  }

  @Post(':id/amendments')
  @ApiOperation({ summary: 'Amend the current version: the report gets the next version' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 409, description: 'amendsVersion is not the current version, or a final report would become preliminary' })
  async amend(@Param('id', id) reportId: string, @Body() body: AmendReportDto, @Command() command: CommandContext) {
    return reportResponse(await this.reports.amend(reportId, toAmendment(body), command));
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release the current version to the patient' })
  @ApiResponse({ status: 200 })
  @ApiResponse({ status: 409, description: 'The current version is already released' })
  async release(@Param('id', id) reportId: string, @Body() body: ReleaseReportDto, @Command() command: CommandContext) {
    return reportResponse(await this.reports.release(reportId, toPractitioner(body.releasedBy), command));
  }
}
