import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@care-events/auth';
import { parseNhsNumber } from '@care-events/domain-primitives';
import { AuthenticatedApi, Caller, Clock } from '@care-events/service-kit';
import { FeedStatus } from '../application/feed-status';
import { OptOutListsService } from '../application/opt-out-lists.service';
import type { OptOutListKind } from '../domain/opt-out-gate';

/** The scope a system (the job that fetches the national service's answer) needs to load a list. */
export const OPT_OUT_LISTS_SCOPE = 'analytics:opt-out-lists';

enum ListKind {
  national = 'national',
  type1 = 'type1',
}

const FORBIDDEN = { status: 403, description: 'Only an administrator, or a system with the analytics:opt-out-lists scope, may' };

@ApiTags('analytics')
@AuthenticatedApi()
@Controller()
export class OptOutListsController {
  constructor(private readonly lists: OptOutListsService, private readonly status: FeedStatus, private readonly clock: Clock) {}

  @Post('opt-out-lists/:kind')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Load the latest list of NHS numbers without an opt-out (national) or without type 1 dissent (type1), as the national service returned it',
    description:
      'Body: {"checkedAt": "<when the national service checked it, ISO 8601>", "nhsNumbers": ["9434765919", …]}, for a list that fits in one ' +
      'request (100 kB); larger ones are staged (…/loads). Replaces the list; withdraws patients no longer on it; releases held records it allows.',
  })
  @ApiResponse(FORBIDDEN)
  async load(@Param('kind', new ParseEnumPipe(ListKind)) kind: OptOutListKind, @Body() body: { checkedAt?: unknown; nhsNumbers?: unknown }, @Caller() caller: Principal) {
    mustLoadLists(caller);
    return this.lists.load(kind, nhsNumbersOf(body), this.checkedAtOf(body));
  }

  @Post('opt-out-lists/:kind/loads')
  @ApiOperation({ summary: 'Start a staged load of a large list: {"checkedAt": "…"}; gives the loadId its parts go to' })
  @ApiResponse(FORBIDDEN)
  async stage(@Param('kind', new ParseEnumPipe(ListKind)) kind: OptOutListKind, @Body() body: { checkedAt?: unknown }, @Caller() caller: Principal) {
    mustLoadLists(caller);
    return this.lists.stage(kind, this.checkedAtOf(body));
  }

  @Post('opt-out-lists/loads/:loadId/entries')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a part of a staged list: {"nhsNumbers": [...]} (up to 100 kB a request)' })
  @ApiResponse(FORBIDDEN)
  @ApiResponse({ status: 404, description: 'No such staged load (completed already, or never started)' })
  async addPart(@Param('loadId', ParseUUIDPipe) loadId: string, @Body() body: { nhsNumbers?: unknown }, @Caller() caller: Principal) {
    mustLoadLists(caller);
    return this.lists.addPart(loadId, nhsNumbersOf(body));
  }

  @Post('opt-out-lists/loads/:loadId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a staged list the list of its kind, with the withdrawals and releases it brings' })
  @ApiResponse(FORBIDDEN)
  @ApiResponse({ status: 404, description: 'No such staged load' })
  async complete(@Param('loadId', ParseUUIDPipe) loadId: string, @Caller() caller: Principal) {
    mustLoadLists(caller);
    return this.lists.complete(loadId);
  }

  @Get('analytics/status')
  @ApiOperation({ summary: "The feed: running or stopped (and why), each list's age, and per recipient its counts fit to publish (1-7 shown as null, others rounded to 5)" })
  async report() {
    return this.status.report();
  }

  private checkedAtOf(body: { checkedAt?: unknown }): Date {
    const checkedAt = new Date(typeof body?.checkedAt === 'string' ? body.checkedAt : NaN);
    if (Number.isNaN(checkedAt.getTime()) || checkedAt.getTime() > this.clock.now().getTime() + 60_000) {
      throw new BadRequestException('checkedAt must be when the national service checked the list (ISO 8601), not in the future');
    }
    return checkedAt;
  }
}

function nhsNumbersOf(body: { nhsNumbers?: unknown }): string[] {
  if (!Array.isArray(body?.nhsNumbers) || body.nhsNumbers.some((n) => typeof n !== 'string')) throw new BadRequestException('nhsNumbers must be an array of NHS numbers');
  const numbers = (body.nhsNumbers as string[]).map((n) => n.replace(/\s+/g, ''));
  const invalid = numbers.findIndex((n) => !parseNhsNumber(n).ok);
  if (invalid >= 0) throw new BadRequestException(`nhsNumbers[${invalid}] is not a valid NHS number`);
  return numbers;
}

function mustLoadLists(caller: Principal): void {
  const allowed = (caller.kind === 'staff' && caller.role === 'administrator') || (caller.kind === 'system' && caller.scopes.includes(OPT_OUT_LISTS_SCOPE));
  if (!allowed) throw new ForbiddenException(`loading an opt-out list needs an administrator's token or a system token with the ${OPT_OUT_LISTS_SCOPE} scope`);
}
