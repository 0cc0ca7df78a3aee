import type { EventContract } from './event-contract';
import { eventContracts } from './generated/event-schemas';
import type { EventType } from './generated/event-types';

/** The contract of the event with this full name; throws for a name no schema defines. */
export function contractFor<T extends EventType>(fullName: T): EventContract<T>;
export function contractFor(fullName: string): EventContract;
export function contractFor(fullName: string): EventContract {
  if (!Object.hasOwn(eventContracts, fullName)) throw new Error(`No event schema defines ${fullName}`);
  return eventContracts[fullName as EventType];
}
