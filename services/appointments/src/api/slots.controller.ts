import { Body, Controller, Get, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedApi, idParam } from '@care-events/service-kit';
import { parseOdsCode } from '@care-events/domain-primitives';
import { SlotsService } from '../application/slots.service';
import { AppointmentsExceptionFilter } from './appointments-exception.filter';
import { normalised } from './dto/normalised';
import { CreateSlotDto, SlotSearchQuery } from './dto/slot.dto';
import { slotResponse } from './slot.response';

@ApiTags('slots')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(AppointmentsExceptionFilter)
@Controller('slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Post()
  @ApiOperation({ summary: 'Publish a slot: places for one service at one care setting over one period' })
  @ApiResponse({ status: 201 })
  async open(@Body() body: CreateSlotDto) {
    const slot = await this.slots.open({
      odsCode: normalised(parseOdsCode(body.odsCode)),
      service: body.service.trim(),
      start: new Date(body.start),
      end: new Date(body.end),
      capacity: body.capacity,
    });
    return slotResponse(slot);
  }

  @Get()
  @ApiOperation({ summary: "A care setting's slots that still have a place, earliest first" })
  async search(@Query() query: SlotSearchQuery) {
    const slots = await this.slots.search({
      odsCode: normalised(parseOdsCode(query.odsCode)),
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    return slots.map(slotResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a slot and how many places are taken' })
  @ApiResponse({ status: 404 })
  async get(@Param('id', idParam()) id: string) {
    return slotResponse(await this.slots.get(id));
  }
}
