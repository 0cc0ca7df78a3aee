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
  /** When an administrator activated it; null while it was never active. */
  activatedAt: Date | null;
}

/** What routing needs of an event. */
export interface RoutedEvent {
  type: string;
  /** When its producer recorded it. */
  recordedAt: Date;
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
 * The subscriptions that get a copy of the event: of an entitled setting, active or paused, wanting
 * the event's type, and active since before the event was recorded (a subscription starts with the
 * changes from its activation on, like a relationship: history is the care record's job, and a
 * router catching up on a backlog must not hand a new subscriber older events). In id order, the order their numbers are taken in, so that two events
 * numbering the same subscriptions lock them in the same order and never deadlock.
 */
export function routingTargets<S extends SubscriptionCandidate>(event: RoutedEvent, relationships: RelationshipsAround, subscriptions: readonly S[]): S[] {
  const entitled = new Set(entitledSettings(relationships));
  const activeWhenRecorded = (s: S) => s.activatedAt !== null && s.activatedAt.getTime() <= event.recordedAt.getTime();
  return subscriptions
    .filter((s) => entitled.has(s.odsCode) && receivesEvents(s.status) && s.eventTypes.includes(event.type) && activeWhenRecorded(s))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
