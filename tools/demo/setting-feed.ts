import { randomUUID } from 'node:crypto';
import { EventContext, eventContracts, EventHandlers, EventType, GapReport, MemoryEventStore, subscribe, Subscription } from '@care-events/subscriber';
import { CareSetting } from './care-settings';
import { PlatformEndpoints } from './platform-endpoints';

/** A copy as the subscriber SDK handed it over. */
export interface ReceivedCopy {
  eventNumber: number;
  eventType: string;
  eventId: string;
  subscriptionId: string;
  patientId: string;
  event: unknown;
}

/** One care setting reading its topic through the SDK, the way a downstream system would. */
export interface SettingFeed {
  setting: CareSetting;
  copies: ReceivedCopy[];
  gaps: GapReport[];
  subscription: Subscription;
}

/**
 * Subscribes the setting with an in-memory store, in a consumer group of its own, from the copies
 * written at or after `since`. A handler for every event type the SDK knows, not only the ones the
 * setting asked for, so a copy it should not have received would show.
 */
export async function openFeed(endpoints: PlatformEndpoints, setting: CareSetting, since: Date): Promise<SettingFeed> {
  const copies: ReceivedCopy[] = [];
  const gaps: GapReport[] = [];
  const take = (event: unknown, context: EventContext) => {
    copies.push({
      eventNumber: context.eventNumber, eventType: context.eventType, eventId: context.eventId,
      subscriptionId: context.subscriptionId, patientId: context.patientId, event,
    });
  };
  const handlers = Object.fromEntries((Object.keys(eventContracts) as EventType[]).map((type) => [type, take])) as EventHandlers;
  const subscription = await subscribe({
    odsCode: setting.odsCode,
    brokers: endpoints.brokers,
    registryUrl: endpoints.registryUrl,
    groupId: `journey-${setting.odsCode.toLowerCase()}-${randomUUID()}`,
    handlers,
    store: new MemoryEventStore(),
    since,
    onGap: (gap) => {
      gaps.push(gap);
    },
  });
  return { setting, copies, gaps, subscription };
}

export async function closeFeeds(feeds: SettingFeed[]): Promise<void> {
  await Promise.all(feeds.map((feed) => feed.subscription.stop()));
}
