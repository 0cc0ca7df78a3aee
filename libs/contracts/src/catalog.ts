import type { EventContract, FeedContract } from './event-contract';
import { eventContracts } from './generated/event-schemas';
import { feedContracts } from './generated/feed-schemas';
import type { EventType } from './generated/event-types';

/** The contract of the event with this full name; throws for a name no schema defines. */
export function contractFor<T extends EventType>(fullName: T): EventContract<T>;
export function contractFor(fullName: string): EventContract;
export function contractFor(fullName: string): EventContract {
  if (!Object.hasOwn(eventContracts, fullName)) throw new Error(`No event schema defines ${fullName}`);
  return eventContracts[fullName as EventType];
}

/** The analytics record of a topic type (analytics.<recipient>.<type>.v1): allergy → care.events.analytics.AnalyticsAllergy. */
export function analyticsContractFor(type: string): FeedContract {
  const fullName = `care.events.analytics.Analytics${type.charAt(0).toUpperCase()}${type.slice(1)}`;
  if (!Object.hasOwn(feedContracts, fullName)) throw new Error(`No analytics record type ${type}`);
  return feedContracts[fullName as keyof typeof feedContracts];
}
