import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedApi, badRequestNaming, Clock } from '@care-events/service-kit';
import { FeedStatus } from '../application/feed-status';
import { OptOutListsService } from '../application/opt-out-lists.service';
import { LoadOptOutListDto, OptOutListPartDto, StageOptOutListDto } from './dto/opt-out-list-commands.dto';
import { OptOutListKindParams, StagedLoadParams } from './dto/opt-out-list-params.dto';
import { OptOutListLoadersGuard } from './opt-out-list-loaders.guard';

/** How far ahead of this service's clock a check time may be: the national service's clock is not ours. */
const CLOCK_SKEW_MS = 60_000;

const FORBIDDEN = { status: 403, description: 'Only an administrator, or a system with the analytics:opt-out-lists scope, may' };
const BAD_REQUEST = { status: 400, description: 'A field is missing, unknown or invalid (an NHS number, checkedAt in the future, the list kind); message and problems name each field. Nothing is written' };

@ApiTags('analytics')
@AuthenticatedApi()
@Controller()
export class OptOutListsController {
  constructor(private readonly lists: OptOutListsService, private readonly status: FeedStatus, private readonly clock: Clock) {}

  @Post('opt-out-lists/:kind')
  @HttpCode(200)
  @UseGuards(OptOutListLoadersGuard)
  @ApiOperation({
    summary: 'Load the latest list of NHS numbers without an opt-out (national) or without type 1 dissent (type1), as the national service returned it',
    description:
      'Body: {"checkedAt": "<when the national service checked it, ISO 8601>", "nhsNumbers": ["9434765919", …]}, for a list that fits in one ' +
      'request (100 kB); larger ones are staged (…/loads). Replaces the list; withdraws patients no longer on it; releases held records it allows.',
  })
  @ApiResponse(BAD_REQUEST)
  @ApiResponse(FORBIDDEN)
  async load(@Param() { kind }: OptOutListKindParams, @Body() body: LoadOptOutListDto) {
    return this.lists.load(kind, body.nhsNumbers, this.checkedAtOf(body));
  }

  @Post('opt-out-lists/:kind/loads')
  @UseGuards(OptOutListLoadersGuard)
  @ApiOperation({ summary: 'Start a staged load of a large list: {"checkedAt": "…"}; gives the loadId its parts go to' })
  @ApiResponse(BAD_REQUEST)
  @ApiResponse(FORBIDDEN)
  async stage(@Param() { kind }: OptOutListKindParams, @Body() body: StageOptOutListDto) {
    return this.lists.stage(kind, this.checkedAtOf(body));
  }

  @Post('opt-out-lists/loads/:loadId/entries')
  @HttpCode(200)
  @UseGuards(OptOutListLoadersGuard)
  @ApiOperation({ summary: 'Add a part of a staged list: {"nhsNumbers": [...]} (up to 100 kB a request)' })
  @ApiResponse({ status: 400, description: 'nhsNumbers missing or invalid (the first bad element named by its index), an unknown field, or a loadId that is not a UUID. Nothing is added' })
  @ApiResponse(FORBIDDEN)
  @ApiResponse({ status: 404, description: 'No such staged load (completed already, or never started)' })
  async addPart(@Param() { loadId }: StagedLoadParams, @Body() body: OptOutListPartDto) {
    return this.lists.addPart(loadId, body.nhsNumbers);
  }

  @Post('opt-out-lists/loads/:loadId/complete')
  @HttpCode(200)
  @UseGuards(OptOutListLoadersGuard)
  @ApiOperation({ summary: 'Make a staged list the list of its kind, with the withdrawals and releases it brings' })
  @ApiResponse({ status: 400, description: 'loadId is not a UUID' })
  @ApiResponse(FORBIDDEN)
  @ApiResponse({ status: 404, description: 'No such staged load' })
  async complete(@Param() { loadId }: StagedLoadParams) {
    return this.lists.complete(loadId);
  }

  @Get('analytics/status')
  @ApiOperation({ summary: "The feed: running or stopped (and why), each list's age, and per recipient its counts fit to publish (1-7 shown as null, others rounded to 5)" })
  async report() {
    return this.status.report();
  }

  /** The DTO took the time's form; whether it is in the future is by this service's Clock, which a validator cannot reach. */
  private checkedAtOf(body: { checkedAt: string }): Date {
    const checkedAt = new Date(body.checkedAt);
    if (checkedAt.getTime() > this.clock.now().getTime() + CLOCK_SKEW_MS) throw badRequestNaming([{ field: 'checkedAt', reason: 'must not be in the future' }]);
    return checkedAt;
  }
}

/** A 400 in the validation pipe's shape, for a rule checked after it. */
