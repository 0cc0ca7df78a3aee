/**
 * A count fit to publish (NHS England's small-number rule for aggregate outputs): 0 stays 0, 1 to 7 are
 * suppressed (null, shown as "<8"), anything larger is rounded to the nearest 5.
 */
export function publishableCount(count: number): number | null {
  if (!Number.isInteger(count) || count < 0) throw new Error(`a count is a whole number of at least 0, not ${count}`);
  if (count === 0) return 0;
  if (count <= 7) return null;
  return Math.round(count / 5) * 5;
}
