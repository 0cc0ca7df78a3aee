import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Command, idParam, PatientDataReadApi, Reader, PatientQuery } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { ConditionsService } from '../application/conditions.service';
import { RecordsApi } from './api-docs';
import { conditionResponse } from './condition.response';
import { RecordConditionDto, ResolveConditionDto } from './dto/condition.dto';
import { toNewCondition } from './dto/dto-mapping';
import { RecordsExceptionFilter } from './records-exception.filter';

@ApiTags('conditions')
@RecordsApi()
@UseFilters(RecordsExceptionFilter)
@Controller('conditions')
export class ConditionsController {
  constructor(private readonly conditions: ConditionsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a problem or condition' })
  @ApiResponse({ status: 201 })
  async record(@Body() body: RecordConditionDto, @Command() command: CommandContext) {
    return conditionResponse(await this.conditions.record(toNewCondition(body), command));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve a condition' })
  async resolve(@Param('id', idParam()) id: string, @Body() body: ResolveConditionDto, @Command() command: CommandContext) {
    return conditionResponse(await this.conditions.resolve(id, body.resolvedDate, body.note ?? null, command));
  }

  @Get()
  @ApiOperation({ summary: "A patient's conditions, active and resolved" })
  @PatientDataReadApi()
  async list(@Query() query: PatientQuery, @Reader() reader: Reader) {
    return (await this.conditions.list(query.patientId, reader)).map(conditionResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a condition' })
  @PatientDataReadApi()
  async get(@Param('id', idParam()) id: string, @Reader() reader: Reader) {
    return conditionResponse(await this.conditions.get(id, reader));
  }
}
