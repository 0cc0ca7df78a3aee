import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommandContext } from '@care-events/transactional-messaging';
import { actorOf } from '../auth/actor';
import { AuthenticatedRequest, principalOf } from '../auth/authenticated-request';
import { correlationIdOf } from '../auth/caller.decorator';

/**
 * Who is asking, from their verified bearer token (never from request headers), and the
 * X-Correlation-Id of the conversation (a new one when absent): carried into every event the
 * request causes.
 */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return { actor: actorOf(principalOf(request)), correlationId: correlationIdOf(request), causationId: null };
});
