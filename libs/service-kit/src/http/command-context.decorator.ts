import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { ActorType } from '@care-events/contracts';
import { CommandContext } from '@care-events/transactional-messaging';

const ACTOR_TYPES = Object.values(ActorType);

/**
 * Who is asking, from the X-Actor-* headers, and the X-Correlation-Id of the conversation (a new
 * one when absent). Authentication is in front of the services (the gateway sets these headers);
 * what arrives here is carried into every event the request causes.
 */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const type = (request.header('x-actor-type') ?? 'UNKNOWN').toUpperCase() as ActorType;
  if (!ACTOR_TYPES.includes(type)) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`X-Actor-Type: must be one of ${ACTOR_TYPES.join(', ')}`] });
  }
  return {
    actor: { type, id: request.header('x-actor-id') ?? 'anonymous', odsCode: request.header('x-actor-ods-code')?.toUpperCase() ?? null },
    correlationId: request.header('x-correlation-id') ?? randomUUID(),
    causationId: null,
  };
});
