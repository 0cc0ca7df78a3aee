import { v5 as uuidV5 } from 'uuid';

/**
 * The outbox id of a subscription's copy of an event: a name-based UUID (version 5, RFC 9562) of the
 * eventId in the subscription's namespace, so the same copy always has the same id and a second
 * copy of one event for one subscription cannot enter the outbox.
 */
export function copyEventId(eventId: string, subscriptionId: string): string {
  return uuidV5(eventId, subscriptionId);
}
