/** A copy whose number is above the next expected one: the copies in between never arrived. */
export interface Gap {
  /** The number that should have come next. */
  expected: number;
  /** The number that came instead. */
  received: number;
}

export type SequenceVerdict =
  | { kind: 'duplicate'; by: 'eventId' | 'eventNumber' }
  /** Take the copy; `position` is the subscription's highest number once it is taken. */
  | { kind: 'take'; position: number; gap?: Gap };

export interface SeenBefore {
  eventId: boolean;
  eventNumber: boolean;
}

/**
 * Decides what to do with copy number `received` of a subscription whose highest number taken so
 * far is `last` (null before the first). Without a position, the first number is expected to be 1
 * only when the feed is read from its very start; otherwise the first copy read sets the baseline.
 * A number at or below the position that was never taken (a late copy that fills a gap) is taken
 * and leaves the position where it is.
 */
export function judgeCopy(last: number | null, startsAtOne: boolean, received: number, seen: SeenBefore): SequenceVerdict {
  if (seen.eventId) return { kind: 'duplicate', by: 'eventId' };
  if (seen.eventNumber) return { kind: 'duplicate', by: 'eventNumber' };
  const expected = last !== null ? last + 1 : startsAtOne ? 1 : received;
  const position = Math.max(last ?? 0, received);
  return received > expected ? { kind: 'take', position, gap: { expected, received } } : { kind: 'take', position };
}
