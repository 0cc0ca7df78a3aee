import { GapReport } from '@care-events/subscriber';
import { getSubscription } from './care-router-calls';
import { CareSetting } from './care-settings';
import { JourneyOutcome } from './patient-journey';
import { PlatformEndpoints } from './platform-endpoints';
import { closeFeeds, openFeed, ReceivedCopy, SettingFeed } from './setting-feed';

/** What one care setting received through the SDK, and how many copies the router numbered for it. */
export interface ReceivedFeed {
  setting: CareSetting;
  copies: ReceivedCopy[];
  gaps: GapReport[];
  lastEventNumber: number;
  /** The SDK's last error while reading, if any. */
  lastError: string | null;
}

/**
 * Each care setting of the journey reads its feed through the SDK until it holds every copy the
 * journey expects it to and every copy the router numbered for it; then the feeds are closed.
 * Fails after `timeoutMs` naming each incomplete feed with how many copies it holds, the journey
 * expects and the router numbered.
 */
export async function readJourneyFeeds(endpoints: PlatformEndpoints, outcome: JourneyOutcome, timeoutMs = 30_000): Promise<ReceivedFeed[]> {
  const feeds: SettingFeed[] = [];
  try {
    for (const setting of outcome.settings) feeds.push(await openFeed(endpoints, setting, outcome.startedAt));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = await Promise.all(feeds.map((feed) => snapshot(endpoints, outcome, feed)));
      const incomplete = received.filter((feed) => !isComplete(feed, outcome));
      if (incomplete.length === 0) return received;
      if (Date.now() > deadline) throw new Error(`the feeds were still incomplete after ${timeoutMs / 1000} s:\n${incomplete.map((feed) => shortfall(feed, outcome)).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await closeFeeds(feeds);
  }
}

async function snapshot(endpoints: PlatformEndpoints, outcome: JourneyOutcome, feed: SettingFeed): Promise<ReceivedFeed> {
  const { lastEventNumber } = await getSubscription(endpoints.careRouter, outcome.subscriptionIds[feed.setting.role], outcome.cast.administrator);
  const { lastError } = feed.subscription.status();
  return { setting: feed.setting, copies: [...feed.copies], gaps: [...feed.gaps], lastEventNumber, lastError };
}

function isComplete(feed: ReceivedFeed, outcome: JourneyOutcome): boolean {
  return feed.copies.length >= outcome.expected.of(feed.setting.role).length && feed.copies.length >= feed.lastEventNumber;
}

function shortfall(feed: ReceivedFeed, outcome: JourneyOutcome): string {
  const expected = outcome.expected.of(feed.setting.role).length;
  return `  ${feed.setting.name} (${feed.setting.odsCode}): ${feed.copies.length} copies arrived through the SDK; the journey expects ${expected}, ` +
    `the router numbered ${feed.lastEventNumber}${feed.lastError ? `; the SDK's last error: ${feed.lastError}` : ''}`;
}
