/** A copy's first occurrence on the topic that was indexed (feed_offset). */
export interface IndexedOffset {
  number: number;
  offset: number;
}

/**
 * Where to start reading to find the first occurrence of event number `n` of a subscription. The
 * first occurrences of a subscription's numbers appear in number order and each sits at offset
 * n − 1 or later, so both that and the offset of any indexed number k ≤ n are lower bounds; the
 * log cannot be read below its start. A start above the log start never skips a first occurrence.
 */
export function seekOffsetFor(n: number, greatestIndexedAtOrBelow: IndexedOffset | null, logStartOffset: number): number {
  if (greatestIndexedAtOrBelow && greatestIndexedAtOrBelow.number > n) throw new Error(`indexed number ${greatestIndexedAtOrBelow.number} is above ${n}`);
  return Math.max(n - 1, greatestIndexedAtOrBelow?.offset ?? 0, logStartOffset, 0);
}

export type CopyJudgement = 'duplicate' | 'next' | 'gap';

/**
 * A copy read against the cursor (last acknowledged number): at or below it, a duplicate (a
 * re-published copy, or one a resend passes again); the number after it, the next to deliver;
 * above that, a gap: an earlier number is missing, and the endpoint blocks rather than skip it.
 */
export function judgeCopy(cursor: number, number: number): CopyJudgement {
  if (number <= cursor) return 'duplicate';
  return number === cursor + 1 ? 'next' : 'gap';
}
