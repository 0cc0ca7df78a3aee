import type { Principal } from '@care-events/auth';
import type { Request } from 'express';

/** A request the bearer guard let through: the caller its token names. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The verified caller of a request; a route without the guard in front of it has none, which is a programming error. */
export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.path} has no authenticated caller: a public route cannot take @Caller, @Reader or @Command`);
  return request.principal;
}
