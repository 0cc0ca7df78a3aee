import { ExpectedCopy } from './expected-feeds';
import { ReceivedFeed } from './journey-feeds';

/**
 * How a received feed differs from what the journey expects: other copies or another order, event
 * numbers other than 1, 2, 3 …, or gaps the SDK reported. Empty when it matches.
 */
export function feedDifferences(feed: ReceivedFeed, expected: ExpectedCopy[]): string[] {
  const describe = (copies: ExpectedCopy[]) => copies.map((copy) => `${copy.eventType.slice(copy.eventType.lastIndexOf('.') + 1)}@${copy.patientId.slice(0, 8)}`).join(', ');
  const received = feed.copies.map(({ patientId, eventType }) => ({ patientId, eventType }) as ExpectedCopy);
  const same = received.length === expected.length && received.every((copy, i) => copy.patientId === expected[i].patientId && copy.eventType === expected[i].eventType);
  const differences: string[] = [];
  if (!same) differences.push(`received [${describe(received)}], expected [${describe(expected)}]`);
  const numbers = feed.copies.map((copy) => copy.eventNumber);
  if (numbers.some((number, i) => number !== i + 1)) differences.push(`event numbers ${numbers.join(', ')} are not 1 to ${numbers.length}`);
  if (feed.gaps.length > 0) differences.push(`the SDK reported gaps ${JSON.stringify(feed.gaps)}`);
  return differences;
}
