import { createHash } from 'node:crypto';

/**
 * The outbox id of a subscription's copy of an event: a name-based UUID (version 5, RFC 9562) of the
 * eventId in the subscription's namespace, so the same copy always has the same id and a second
 * copy of one event for one subscription cannot enter the outbox.
 */
export function copyEventId(eventId: string, subscriptionId: string): string {
  return uuidV5(eventId, subscriptionId);
}

export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
