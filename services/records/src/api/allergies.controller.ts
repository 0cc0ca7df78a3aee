import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Command, idParam, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { AllergiesService } from '../application/allergies.service';
import { allergyResponse } from './allergy.response';
import { RecordsApi } from './api-docs';
import { AllergyQuery, EnterInErrorDto, RecordAllergyDto } from './dto/allergy.dto';
import { toNewAllergy } from './dto/dto-mapping';
import { RecordsExceptionFilter } from './records-exception.filter';

@ApiTags('allergies')
@RecordsApi()
@UseFilters(RecordsExceptionFilter)
@Controller('allergies')
export class AllergiesController {
  constructor(private readonly allergies: AllergiesService) {}

  @Post()
  @ApiOperation({ summary: 'Record an allergy or intolerance' })
  @ApiResponse({ status: 201 })
  async record(@Body() body: RecordAllergyDto, @Command() command: CommandContext) {
    return allergyResponse(await this.allergies.record(toNewAllergy(body), command));
  }

  @Post(':id/entered-in-error')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an allergy recorded in error (final)' })
  async enterInError(@Param('id', idParam()) id: string, @Body() body: EnterInErrorDto, @Command() command: CommandContext) {
    return allergyResponse(await this.allergies.enterInError(id, body.reason, command));
  }

  @Get()
  @ApiOperation({ summary: "A patient's active allergies; includeEnteredInError=true adds the withdrawn ones" })
  @PatientDataReadApi()
  async list(@Query() query: AllergyQuery, @Reader() reader: Reader) {
    return (await this.allergies.list(query.patientId, query.includeEnteredInError === 'true', reader)).map(allergyResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an allergy' })
  @PatientDataReadApi()
  async get(@Param('id', idParam()) id: string, @Reader() reader: Reader) {
    return allergyResponse(await this.allergies.get(id, reader));
  }
}
