import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@care-events/auth';
import { AuthenticatedApi, Caller, idParam } from '@care-events/service-kit';
import { EndpointChannels, snapshotOf } from '../application/endpoint-channels';
import { EndpointsService } from '../application/endpoints.service';
import { FeedRange } from '../application/feed-range';
import { NotificationBuildError } from '../application/notification-format';
import { EndpointError, EndpointErrorCode } from '../domain/endpoint-error';
import { DeliveryExceptionFilter } from './delivery-exception.filter';
import { DisableEndpointDto, ResendDto, RotateSecretDto, SkipDto } from './dto/endpoint-commands.dto';
import { AttemptsQuery, EndpointListQuery, EventsRangeQuery } from './dto/endpoint-queries.dto';
import { RegisterEndpointDto } from './dto/register-endpoint.dto';
import { attemptResponse, endpointResponse } from './endpoint.response';

const id = idParam('an endpoint id (UUID)');
const SAME_SETTING = { status: 403, description: 'A patient, or staff or a system of another care setting; the body says which' };
const NOT_FOUND = { status: 404, description: 'No such endpoint' };

/**
 * `DELETE …/secrets/{version}`: a whole number from 1, or a 400 naming the parameter. Read in the
 * handler, after the id's pipe: a request wrong in both is answered about the id first.
 */
function secretVersion(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['version: must be a secret version (a whole number from 1)'] });
  return Number(value);
}

@ApiTags('endpoints')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(DeliveryExceptionFilter)
@Controller('endpoints')
export class EndpointsController {
  constructor(private readonly endpoints: EndpointsService, private readonly range: FeedRange, private readonly channels: EndpointChannels) {}

  @Post()
  @ApiOperation({ summary: 'Register an HTTPS endpoint for the caller\'s care setting; it is handshaken at once (active, or error with the reason). The signing secret is shown here only.' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 403, description: 'The subscription is another care setting\'s, or the caller acts for none' })
  @ApiResponse({ status: 404, description: 'care-router has no such subscription' })
  @ApiResponse({ status: 409, description: 'The subscription is not ACTIVE or PAUSED' })
  @ApiResponse({ status: 503, description: 'care-router could not be asked' })
  async register(@Body() body: RegisterEndpointDto, @Caller() caller: Principal) {
    const { state, secret } = await this.endpoints.register(body, caller);
    return { endpoint: endpointResponse(state), secret };
  }

  @Get()
  @ApiOperation({ summary: 'Endpoints of a care setting (the caller\'s own by default)' })
  @ApiResponse(SAME_SETTING)
  async list(@Query() query: EndpointListQuery, @Caller() caller: Principal) {
    return (await this.endpoints.list(query.odsCode, caller)).map(endpointResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An endpoint: status, cursor, block, failures, backlog, limits, secrets, skips' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  async get(@Param('id', id) endpointId: string, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.get(endpointId, caller));
  }

  @Post(':id/$handshake')
  @HttpCode(200)
  @ApiOperation({ summary: 'Handshake again (from requested, error or disabled): active on a 2xx, else error with the reason' })
  @ApiResponse({ status: 200 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  @ApiResponse({ status: 409, description: 'The endpoint is active, paused or handshaking' })
  async handshake(@Param('id', id) endpointId: string, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.handshake(endpointId, caller));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused endpoint now' })
  @ApiResponse({ status: 200 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  @ApiResponse({ status: 409, description: 'The endpoint is not paused' })
  async resume(@Param('id', id) endpointId: string, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.resume(endpointId, caller));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an endpoint (a handshake brings it back); its backlog stays on the topic' })
  @ApiResponse({ status: 200 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  @ApiResponse({ status: 409, description: 'The endpoint is already disabled' })
  async disable(@Param('id', id) endpointId: string, @Body() body: DisableEndpointDto, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.disable(endpointId, body.reason, caller));
  }

  @Post(':id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver again from fromNumber on, with the same webhook-ids (audited)' })
  @ApiResponse({ status: 200 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  async resend(@Param('id', id) endpointId: string, @Body() body: ResendDto, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.resend(endpointId, body.fromNumber, caller));
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Administrators: never deliver the events from eventNumber (the next undelivered one, blocked, paused or failing) through throughNumber; recorded and audited' })
  @ApiResponse({ status: 200 })
  @ApiResponse({ status: 403, description: 'Only a member of staff whose selected role is administrator may skip' })
  @ApiResponse(NOT_FOUND)
  @ApiResponse({ status: 409, description: 'eventNumber is not the next undelivered number, or the endpoint is not stuck at it' })
  async skip(@Param('id', id) endpointId: string, @Body() body: SkipDto, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.skip(endpointId, body, caller));
  }

  @Get(':id/attempts')
  @ApiOperation({ summary: 'Delivery attempts, newest first' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  async attempts(@Param('id', id) endpointId: string, @Query() query: AttemptsQuery, @Caller() caller: Principal) {
    return (await this.endpoints.attempts(endpointId, query, caller)).map(attemptResponse);
  }

  @Post(':id/secrets/rotate')
  @ApiOperation({ summary: 'A new signing secret (shown here only); the older ones keep signing beside it for overlapHours' })
  @ApiResponse({ status: 201 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  async rotate(@Param('id', id) endpointId: string, @Body() body: RotateSecretDto, @Caller() caller: Principal) {
    return this.endpoints.rotateSecret(endpointId, body.overlapHours ?? 24, caller);
  }

  @Delete(':id/secrets/:version')
  @ApiOperation({ summary: 'End an older signing secret now (never the newest)' })
  @ApiParam({ name: 'version', type: Number })
  @ApiResponse({ status: 200 })
  @ApiResponse(SAME_SETTING)
  @ApiResponse({ status: 404, description: 'No such endpoint or secret version' })
  @ApiResponse({ status: 409, description: 'The version is the newest' })
  async endSecret(@Param('id', id) endpointId: string, @Param('version') version: string, @Caller() caller: Principal) {
    return endpointResponse(await this.endpoints.endSecret(endpointId, secretVersion(version), caller));
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The Standard Webhooks bodies of a range of event numbers, as they were or would be sent' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FOUND)
  @ApiResponse({ status: 409, description: 'A FHIR endpoint: use GET /fhir/Subscription/{id}/$events' })
  @ApiResponse({ status: 422, description: 'An event in the range cannot be read' })
  async events(@Param('id', id) endpointId: string, @Query() query: EventsRangeQuery, @Caller() caller: Principal) {
    const endpoint = await this.endpoints.endpointFor(endpointId, caller, 'read-events');
    if (endpoint.format !== 'standard-webhooks') {
      throw new EndpointError(EndpointErrorCode.WrongFormat, `id: endpoint ${endpointId} sends FHIR notifications; read them with GET /fhir/Subscription/${endpointId}/$events`);
    }
    const copies = await this.range.forEndpoint(endpoint, { since: query.sinceNumber, until: query.untilNumber, sinceField: 'sinceNumber', untilField: 'untilNumber', fullResource: false });
    const format = this.channels.formatOf(endpoint.format);
    const events = await Promise.all(copies.map(async (copy) => {
      const notification = await format.events(snapshotOf(endpoint), [copy]).catch((error: Error) => {
        throw error instanceof NotificationBuildError ? new EndpointError(EndpointErrorCode.EventUnreadable, `sinceNumber: ${error.message}`) : error;
      });
      return { eventNumber: copy.number, webhookId: notification.messageId, body: JSON.parse(notification.body.toString()) as unknown };
    }));
    return { endpointId, events };
  }
}
