import { judgeCopy } from '../domain/feed-position';
import { FeedCopy } from './notification-format';
import { isMalformed, QueuedCopy } from './feed-reader';

export type NextWork =
  | { kind: 'deliver'; copies: FeedCopy[] }
  | { kind: 'block'; number: number; reason: string };

export interface Selection {
  /** Copies at the head already delivered: passed over. */
  duplicates: number;
  /** What to do with the copies after them; null when none is queued. */
  work: NextWork | null;
}

/**
 * The next notification from the queue head, given the cursor: duplicates passed over, then the
 * next number with up to `max − 1` consecutive ones after it; a number further on is a gap and a
 * copy that cannot be read is poison, and either blocks at the number expected.
 */
export function selectWork(queued: readonly QueuedCopy[], cursor: number, max: number): Selection {
  let duplicates = 0;
  while (duplicates < queued.length && isDuplicate(queued[duplicates], cursor)) duplicates += 1;
  const head = queued[duplicates];
  if (!head) return { duplicates, work: null };
  const expected = cursor + 1;
  if (head.number !== null && judgeCopy(cursor, head.number) === 'gap') {
    return { duplicates, work: { kind: 'block', number: expected, reason: `gap: expected ${expected}, read ${head.number} at offset ${head.offset}` } };
  }
  if (isMalformed(head)) return { duplicates, work: { kind: 'block', number: expected, reason: `malformed copy at offset ${head.offset}: ${head.malformed}` } };
  const copies: FeedCopy[] = [head];
  for (const next of queued.slice(duplicates + 1, duplicates + max)) {
    if (isMalformed(next) || next.number !== copies[copies.length - 1].number + 1) break;
    copies.push(next);
  }
  return { duplicates, work: { kind: 'deliver', copies } };
}

const isDuplicate = (copy: QueuedCopy, cursor: number): boolean => copy.number !== null && judgeCopy(cursor, copy.number) === 'duplicate';
