import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '@care-events/auth';

/** The scope a system (the job that fetches the national service's answer) needs to load a list. */
export const OPT_OUT_LISTS_SCOPE = 'analytics:opt-out-lists';

/**
 * Who may load a list: an administrator, or a system with the scope. A guard, not a check in the handler,
 * so that it runs before the body is validated: a caller who may not load lists gets a 403 whatever it sent.
 */
@Injectable()
export class OptOutListLoadersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    // The bearer guard, in front of every route, has put the verified caller on the request.
    const caller = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    const allowed = caller !== undefined && ((caller.kind === 'staff' && caller.role === 'administrator') || (caller.kind === 'system' && caller.scopes.includes(OPT_OUT_LISTS_SCOPE)));
    if (!allowed) throw new ForbiddenException(`loading an opt-out list needs an administrator's token or a system token with the ${OPT_OUT_LISTS_SCOPE} scope`);
    return true;
  }
}
