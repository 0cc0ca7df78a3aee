import { CanActivate, ExecutionContext, ForbiddenException, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IssuerUnavailableError, TokenError, TokenVerifier } from '@care-events/auth';
import { AuthenticatedRequest } from './authenticated-request';
import { PATIENT_MAY_CALL, PUBLIC_ROUTE } from './route-access.decorator';
import { writeRefusal } from './write-rule';

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * In front of every route of every service (health checks excepted; the OpenAPI document and its
 * page are served beside Nest's routes): the caller must show a bearer token the configured issuer
 * signed, for this audience and not expired. The caller it names goes on the request; a write must
 * also pass the write rule. Events the service consumes do not come through here.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier, private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.flagged(PUBLIC_ROUTE, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.header('authorization');
    if (header === undefined) {
      throw unauthorized(response, 'Authorization: missing; this API needs a bearer token ("Bearer <token>")', false);
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized(response, 'Authorization: must be "Bearer <token>"');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenError) throw unauthorized(response, error.reason);
      if (error instanceof IssuerUnavailableError) {
        throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: `the token could not be checked: ${error.message}` });
      }
      throw error;
    }
    if (!READ_METHODS.includes(request.method)) {
      const refusal = writeRefusal(request.principal, this.flagged(PATIENT_MAY_CALL, context));
      if (refusal) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: refusal });
    }
    return true;
  }

  private flagged(key: string, context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
  }
}

/**
 * A 401 with the RFC 6750 challenge. A request without credentials gets no error code, as the RFC
 * asks; a token that was refused gets invalid_token and the reason, the same as the body's.
 */
function unauthorized(response: Response, message: string, tokenPresented = true): UnauthorizedException {
  const challenge = tokenPresented ? `Bearer realm="care-events", error="invalid_token", error_description="${quotable(message)}"` : 'Bearer realm="care-events"';
  response.setHeader('WWW-Authenticate', challenge);
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });
}

/** error_description may hold printable ASCII but the double quote and the backslash (RFC 6750, 3). */
const quotable = (text: string): string => text.replace(/"/g, "'").replace(/\\/g, '/').replace(/[^\x20-\x7e]/g, '?');
