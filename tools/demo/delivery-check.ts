import { DeliveredEvent } from './delivered-events';
import { shortName } from './event-meaning';
import { ReceivedCopy } from './setting-feed';

/**
 * How what a receiver acknowledged differs from the setting's feed as the subscriber SDK read it:
 * numbers missing, not in the feed, acknowledged more than once or out of order; an eventId or
 * event type other than the feed's copy of that number; a signature that did not verify. Empty when
 * every event arrived once, in number order, none missing.
 */
export function deliveryDifferences(delivered: DeliveredEvent[], copies: ReceivedCopy[]): string[] {
  const acknowledged = delivered.filter((event) => event.acknowledged).map((event) => event.eventNumber);
  const fed = copies.map((copy) => copy.eventNumber);
  const differences: string[] = [];
  const note = (what: string, numbers: number[]) => numbers.length > 0 && differences.push(`${what}: ${numbers.join(', ')}`);
  note('missing (in the feed, never acknowledged)', fed.filter((number) => !acknowledged.includes(number)));
  note('not in the feed', acknowledged.filter((number) => !fed.includes(number)));
  note('acknowledged more than once', [...new Set(acknowledged.filter((number, i) => acknowledged.indexOf(number) !== i))]);
  note('out of number order (after a higher number)', acknowledged.filter((number, i) => i > 0 && number < Math.max(...acknowledged.slice(0, i))));
  note('signature not verified', delivered.filter((event) => event.verified !== true).map((event) => event.eventNumber));
  for (const event of delivered) {
    const copy = copies.find((candidate) => candidate.eventNumber === event.eventNumber);
    if (!copy) continue;
    if (event.eventId !== null && event.eventId !== copy.eventId) differences.push(`#${event.eventNumber} carried eventId ${event.eventId}, the feed's is ${copy.eventId}`);
    if (event.eventType !== null && event.eventType !== copy.eventType) differences.push(`#${event.eventNumber} arrived as ${shortName(event.eventType)}, the feed holds ${shortName(copy.eventType)}`);
  }
  return differences;
}

/** Waits until the receiver has acknowledged every number of the feed; false if it has not after `timeoutMs`. */
export async function untilDelivered(delivered: () => DeliveredEvent[], copies: ReceivedCopy[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const acknowledged = new Set(delivered().filter((event) => event.acknowledged).map((event) => event.eventNumber));
    if (copies.every((copy) => acknowledged.has(copy.eventNumber))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
