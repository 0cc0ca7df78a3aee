import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@care-events/auth';
import { AuthenticatedApi, Caller, idParam } from '@care-events/service-kit';
import { SubscriptionsService } from '../application/subscriptions.service';
import { RequestSubscriptionDto, SubscriptionQuery } from './dto/subscription.dto';
import { subscriptionResponse } from './subscription.response';
import { SubscriptionsExceptionFilter } from './subscriptions-exception.filter';

const id = idParam('a subscription id (UUID)');
const NOT_AN_ADMINISTRATOR = { status: 403, description: 'Only a member of staff whose selected role is administrator may' };

@ApiTags('subscriptions')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(SubscriptionsExceptionFilter)
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({ summary: 'Request a subscription for a care setting (status REQUESTED until an administrator activates it)' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 409, description: 'The ODS code already has a subscription that has not ended (subscriptionId)' })
  async request(@Body() body: RequestSubscriptionDto, @Caller() caller: Principal) {
    return subscriptionResponse(await this.subscriptions.request(body, caller));
  }

  @Get()
  @ApiOperation({ summary: 'Subscriptions, of one care setting when odsCode is given' })
  async find(@Query() query: SubscriptionQuery) {
    return (await this.subscriptions.find(query.odsCode)).map(subscriptionResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A subscription: status, last event number, copies kept while paused' })
  @ApiResponse({ status: 404 })
  async get(@Param('id', id) subscriptionId: string) {
    return subscriptionResponse(await this.subscriptions.get(subscriptionId));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a requested subscription: its topic is created, then it is ACTIVE' })
  @ApiResponse({ status: 200 })
  @ApiResponse(NOT_AN_ADMINISTRATOR)
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'The subscription is not REQUESTED' })
  @ApiResponse({ status: 503, description: 'The topic could not be provisioned; the subscription stays REQUESTED' })
  async activate(@Param('id', id) subscriptionId: string, @Caller() caller: Principal) {
    return subscriptionResponse(await this.subscriptions.activate(subscriptionId, caller));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause an active subscription: its copies are numbered and kept, not published' })
  @ApiResponse({ status: 200 })
  @ApiResponse(NOT_AN_ADMINISTRATOR)
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'The subscription is not ACTIVE' })
  async pause(@Param('id', id) subscriptionId: string, @Caller() caller: Principal) {
    return subscriptionResponse(await this.subscriptions.pause(subscriptionId, caller));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused subscription: the kept copies are published first, in number order' })
  @ApiResponse({ status: 200 })
  @ApiResponse(NOT_AN_ADMINISTRATOR)
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'The subscription is not PAUSED' })
  async resume(@Param('id', id) subscriptionId: string, @Caller() caller: Principal) {
    return subscriptionResponse(await this.subscriptions.resume(subscriptionId, caller));
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a subscription for good (copies kept while paused are discarded)' })
  @ApiResponse({ status: 200 })
  @ApiResponse(NOT_AN_ADMINISTRATOR)
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'The subscription has already ended' })
  async end(@Param('id', id) subscriptionId: string, @Caller() caller: Principal) {
    return subscriptionResponse(await this.subscriptions.end(subscriptionId, caller));
  }
}
