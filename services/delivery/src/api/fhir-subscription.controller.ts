import { Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Response } from 'express';
import type { Principal } from '@care-events/auth';
import { AuthenticatedApi, Caller, idParam } from '@care-events/service-kit';
import { EndpointsService } from '../application/endpoints.service';
import { FeedRange } from '../application/feed-range';
import { FHIR_JSON, FhirBackportFormat } from '../application/fhir-backport-format';
import { snapshotOf } from '../application/endpoint-channels';
import { NotificationBuildError, NotificationHeldError } from '../application/notification-format';
import { EndpointUse } from '../domain/endpoint-access';
import { EndpointError, EndpointErrorCode } from '../domain/endpoint-error';
import { subscriptionResource } from '../domain/fhir-notification';
import { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import { DeliveryExceptionFilter } from './delivery-exception.filter';
import { FhirEventsQuery, FhirResendQuery } from './dto/endpoint-queries.dto';

const id = idParam('an endpoint id (UUID)');
const SAME_SETTING = { status: 403, description: 'A patient, or staff or a system of another care setting; the body says which' };
const NOT_FHIR = { status: 409, description: 'A Standard Webhooks endpoint: it has no FHIR view' };

/**
 * A FHIR endpoint seen as an R4 Subscription of the Subscriptions R5 Backport IG, with its
 * operations: $status, $events (replay by number from the setting's topic) and $resend.
 */
@ApiTags('fhir')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad parameter and why' })
@ApiResponse({ status: 404, description: 'No such endpoint' })
@UseFilters(DeliveryExceptionFilter)
@Controller('fhir/Subscription')
export class FhirSubscriptionController {
  constructor(private readonly endpoints: EndpointsService, private readonly range: FeedRange, private readonly fhir: FhirBackportFormat) {}

  @Get(':id')
  @ApiOperation({ summary: 'The endpoint as an R4 Subscription (backport-subscription): a rest-hook on the care-setting topic' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FHIR)
  async subscription(@Param('id', id) endpointId: string, @Caller() caller: Principal, @Res({ passthrough: true }) response: Response) {
    const e = await this.fhirEndpoint(endpointId, caller, 'read');
    return fhirJson(response, subscriptionResource(this.fhir.addresses(e.id), {
      id: e.id, odsCode: e.odsCode, url: e.url, status: e.status, statusReason: e.statusReason, content: e.content ?? 'id-only',
      heartbeatPeriodSeconds: e.heartbeatPeriodSeconds, timeoutSeconds: e.timeoutSeconds, maxEventsPerNotification: e.maxEventsPerNotification,
    }));
  }

  @Get(':id/$status')
  @ApiOperation({ summary: '$status: a searchset of the SubscriptionStatus, with the last acknowledged and the blocked event number, and why' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FHIR)
  async status(@Param('id', id) endpointId: string, @Caller() caller: Principal, @Res({ passthrough: true }) response: Response) {
    const e = await this.fhirEndpoint(endpointId, caller, 'read');
    return fhirJson(response, this.fhir.statusOf(snapshotOf(e), { statusReason: e.statusReason, blockedNumber: e.blockedNumber, blockedReason: e.blockedReason }));
  }

  @Get(':id/$events')
  @ApiOperation({ summary: '$events: the events numbered eventsSinceNumber to eventsUntilNumber as a history Bundle (query-event), read from the setting\'s topic' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FHIR)
  @ApiResponse({ status: 422, description: 'An event in the range cannot be read' })
  async events(@Param('id', id) endpointId: string, @Query() query: FhirEventsQuery, @Caller() caller: Principal, @Res({ passthrough: true }) response: Response) {
    const e = await this.fhirEndpoint(endpointId, caller, 'read-events');
    const content = query.content ?? e.content ?? 'id-only';
    const copies = await this.range.forEndpoint(e, {
      since: query.eventsSinceNumber, until: query.eventsUntilNumber, sinceField: 'eventsSinceNumber', untilField: 'eventsUntilNumber', fullResource: content === 'full-resource',
    });
    const bundle = await this.fhir.queryEvents(snapshotOf(e), copies, content).catch((error: Error) => {
      if (error instanceof NotificationHeldError) throw new EndpointError(EndpointErrorCode.FeedUnavailable, `the full resources cannot be read now: ${error.message}`);
      throw error instanceof NotificationBuildError ? new EndpointError(EndpointErrorCode.EventUnreadable, `eventsSinceNumber: ${error.message}`) : error;
    });
    return fhirJson(response, bundle);
  }

  @Post(':id/$resend')
  @HttpCode(200)
  @ApiOperation({ summary: '$resend: deliver again from eventsSinceNumber on (at most the next undelivered number), with the same ids' })
  @ApiResponse({ status: 200, description: 'An OperationOutcome saying from which number' })
  @ApiResponse(SAME_SETTING)
  @ApiResponse(NOT_FHIR)
  async resend(@Param('id', id) endpointId: string, @Query() query: FhirResendQuery, @Caller() caller: Principal, @Res({ passthrough: true }) response: Response): Promise<OperationOutcome> {
    await this.fhirEndpoint(endpointId, caller, 'manage');
    await this.endpoints.resend(endpointId, query.eventsSinceNumber, caller, 'eventsSinceNumber');
    return fhirJson(response, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: `events from number ${query.eventsSinceNumber} on are delivered again, in order` }],
    });
  }

  private async fhirEndpoint(endpointId: string, caller: Principal, use: EndpointUse): Promise<DeliveryEndpointEntity> {
    const endpoint = await this.endpoints.endpointFor(endpointId, caller, use);
    if (endpoint.format !== 'fhir-backport') {
      throw new EndpointError(EndpointErrorCode.WrongFormat, `id: endpoint ${endpointId} sends Standard Webhooks; it has no FHIR Subscription view (see GET /endpoints/${endpointId})`);
    }
    return endpoint;
  }
}

/** A FHIR answer goes as application/fhir+json; set only once it is ready, so that errors stay plain JSON. */
function fhirJson<T>(response: Response, resource: T): T {
  response.type(FHIR_JSON);
  return resource;
}
