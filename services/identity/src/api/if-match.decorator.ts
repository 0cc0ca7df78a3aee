import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

/**
 * The version a client last read, from `If-Match: "<version>"` (the ETag of GET). Absent means
 * "whatever is current"; a stale one is refused with 412.
 */
export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().header('if-match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['If-Match: must be a version ETag such as "3"'] });
  return Number(match[1]);
});
