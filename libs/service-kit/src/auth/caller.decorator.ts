import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@care-events/auth';
import { AuthenticatedRequest, principalOf } from './authenticated-request';
import { BREAK_GLASS_HEADER, breakGlassReasonOf } from './break-glass';

/** Who reads a patient's data, and on what terms: what the access rules and the audit of a read need. */
export interface Reader {
  caller: Principal;
  /** From X-Break-Glass-Reason: a member of staff reading without a care relationship. */
  breakGlassReason: string | null;
  correlationId: string;
}

/** The caller, as their verified bearer token names them. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(request(ctx)));

/** The caller of a read of patient data, with the break-glass reason they gave (400 naming the header when it is not acceptable). */
export const Reader = createParamDecorator((_: unknown, ctx: ExecutionContext): Reader => {
  const req = request(ctx);
  const caller = principalOf(req);
  const breakGlass = breakGlassReasonOf(caller, req.header(BREAK_GLASS_HEADER));
  if ('problem' in breakGlass) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [breakGlass.problem] });
  return { caller, breakGlassReason: breakGlass.reason, correlationId: correlationIdOf(req) };
});

/** The X-Correlation-Id of the conversation, or a new one when absent. */
export function correlationIdOf(req: AuthenticatedRequest): string {
  return req.header('x-correlation-id') ?? randomUUID();
}

const request = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthenticatedRequest>();
