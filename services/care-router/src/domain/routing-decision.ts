import { SettingLink } from './care-relationship';
import { receivesEvents, SubscriptionStatus } from './subscription';

/** The patient's care settings around one event (what applying it to the relationships gave). */
export interface RelationshipsAround {
  /** Active relationships just before the event was applied. */
  before: SettingLink[];
  /** Active relationships just after. */
  after: SettingLink[];
  sensitive: boolean;
  registeredGp: string | null;
}

/** What routing needs of a subscription. */
export interface SubscriptionCandidate {
  id: string;
  odsCode: string;
  status: SubscriptionStatus;
  eventTypes: readonly string[];
}

/**
 * The care settings entitled to see an event about the patient: every setting related just before
 * or just after it (an old GP sees the change that moved the patient away; a booking organisation
 * sees its own booking). A sensitive patient's events reach only their registered GP practice and
 * settings following them.
 */
export function entitledSettings(relationships: RelationshipsAround): string[] {
  const links = [...relationships.before, ...relationships.after];
  const entitled = relationships.sensitive
    ? links.filter((link) => link.kind === 'FOLLOW' || link.kind === 'GP_PRACTICE' || link.odsCode === relationships.registeredGp)
    : links;
  return [...new Set(entitled.map((link) => link.odsCode))].sort();
}

/**
 * The subscriptions that get a copy of the event: of an entitled setting, active or paused, and
 * wanting the event's type. In id order, the order their numbers are taken in, so that two events
 * numbering the same subscriptions lock them in the same order and never deadlock.
 */
export function routingTargets<S extends SubscriptionCandidate>(eventType: string, relationships: RelationshipsAround, subscriptions: readonly S[]): S[] {
  const entitled = new Set(entitledSettings(relationships));
  return subscriptions
    .filter((s) => entitled.has(s.odsCode) && receivesEvents(s.status) && s.eventTypes.includes(eventType))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
