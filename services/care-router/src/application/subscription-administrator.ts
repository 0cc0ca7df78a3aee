import { canActivateSubscriptions, Principal } from '@care-events/auth';
import { actorOf } from '@care-events/service-kit';
import { SubscriptionErrorCode, SubscriptionException } from '../domain/subscription-error';
import { SubscriptionAction, SubscriptionActor } from '../domain/subscription';

const DOING: Record<SubscriptionAction, string> = { activate: 'activating', pause: 'pausing', resume: 'resuming', end: 'ending' };

/** Who changed a subscription, as their token names them, with the role they selected (staff only). */
export function subscriptionActorOf(caller: Principal): SubscriptionActor {
  return { ...actorOf(caller), role: caller.kind === 'staff' ? caller.role : null };
}

/**
 * Activation gives a care setting patients' data, and pausing, resuming or ending it changes what it
 * receives: each is an administrator's, as the access policy says (canActivateSubscriptions).
 */
export function administratorOf(caller: Principal, action: SubscriptionAction): SubscriptionActor {
  if (!canActivateSubscriptions(caller)) {
    throw new SubscriptionException(
      SubscriptionErrorCode.NotAnAdministrator,
      `${DOING[action]} a subscription needs a staff token whose selected role is administrator`,
    );
  }
  return subscriptionActorOf(caller);
}
