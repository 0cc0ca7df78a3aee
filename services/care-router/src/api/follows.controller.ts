import { Body, Controller, Delete, Param, Post, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedApi, Clock, Command, idParam } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { CareRelationshipsService } from '../application/care-relationships.service';
import { CareRelationshipsExceptionFilter } from './care-relationships-exception.filter';
import { followResponse } from './care-relationship.response';
import { FollowPatientDto } from './dto/follow.dto';

const id = idParam('a follow id (UUID)');

@ApiTags('follows')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(CareRelationshipsExceptionFilter)
@Controller('follows')
export class FollowsController {
  constructor(
    private readonly relationships: CareRelationshipsService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Follow a patient for a stated reason until a time at most 72 hours ahead (e.g. an ambulance crew during an incident)' })
  @ApiResponse({ status: 201, description: 'The follow: a FOLLOW relationship, published as CareRelationshipStarted' })
  @ApiResponse({ status: 404, description: 'The patient is not known from identity' })
  @ApiResponse({ status: 409, description: 'The patient is deceased, was merged into another record (survivingPatientId), or the setting already follows them (relationshipId)' })
  async follow(@Body() body: FollowPatientDto, @Command() command: CommandContext) {
    const follow = await this.relationships.follow({ ...body, until: new Date(body.until) }, command);
    return followResponse(follow, this.clock.now());
  }

  @Delete(':id')
  @ApiOperation({ summary: 'End a follow before its time' })
  @ApiResponse({ status: 200, description: 'The ended follow, published as CareRelationshipEnded (FOLLOW_ENDED)' })
  @ApiResponse({ status: 404, description: 'No follow has this id' })
  @ApiResponse({ status: 409, description: 'The follow has already ended' })
  async end(@Param('id', id) followId: string, @Command() command: CommandContext) {
    return followResponse(await this.relationships.endFollow(followId, command), this.clock.now());
  }
}
