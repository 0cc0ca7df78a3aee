import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Command, idParam, PatientDataReadApi, Reader, PatientQuery } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { EncountersService } from '../application/encounters.service';
import { RecordsApi } from './api-docs';
import { toNewEncounter } from './dto/dto-mapping';
import { EndEncounterDto, StartEncounterDto } from './dto/encounter.dto';
import { encounterResponse } from './encounter.response';
import { RecordsExceptionFilter } from './records-exception.filter';

@ApiTags('encounters')
@RecordsApi()
@UseFilters(RecordsExceptionFilter)
@Controller('encounters')
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  @Post()
  @ApiOperation({ summary: 'Start an encounter, or record one already over (with endedAt)' })
  @ApiResponse({ status: 201 })
  async start(@Body() body: StartEncounterDto, @Command() command: CommandContext) {
    return encounterResponse(await this.encounters.start(toNewEncounter(body), command));
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an encounter' })
  async end(@Param('id', idParam()) id: string, @Body() body: EndEncounterDto, @Command() command: CommandContext) {
    return encounterResponse(await this.encounters.end(id, new Date(body.endedAt), command));
  }

  @Get()
  @ApiOperation({ summary: "A patient's encounters" })
  @PatientDataReadApi()
  async list(@Query() query: PatientQuery, @Reader() reader: Reader) {
    return (await this.encounters.list(query.patientId, reader)).map(encounterResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an encounter' })
  @PatientDataReadApi()
  async get(@Param('id', idParam()) id: string, @Reader() reader: Reader) {
    return encounterResponse(await this.encounters.get(id, reader));
  }
}
