import { FeedCopy } from './notification-format';
import { MalformedCopy } from './feed-reader';
import { selectWork } from './feed-selection';

let offset = 0;
const copy = (number: number): FeedCopy => ({
  offset: String(offset++), number, eventId: `e${number}`, eventType: 'care.events.identity.PatientRegistered', subscriptionId: 's', patientId: 'p',
  time: '2026-01-05T09:00:00.000Z', kafkaTimestamp: 0, headers: {}, rawValue: Buffer.from([0]),
});
const malformed = (number: number | null): MalformedCopy => ({ offset: String(offset++), number, malformed: 'ce_id missing' });
const numbers = (copies: FeedCopy[]) => copies.map((c) => c.number);

describe('selectWork', () => {
  it('takes the next number alone when one event goes per notification', () => {
    const selection = selectWork([copy(4), copy(5)], 3, 1);
    expect(selection.duplicates).toBe(0);
    expect(selection.work?.kind === 'deliver' && numbers(selection.work.copies)).toEqual([4]);
  });

  it('takes consecutive numbers up to the batch size', () => {
    const selection = selectWork([copy(4), copy(5), copy(6), copy(7)], 3, 3);
    expect(selection.work?.kind === 'deliver' && numbers(selection.work.copies)).toEqual([4, 5, 6]);
  });

  it('passes over duplicates at the head, and ends a batch at a duplicate inside it', () => {
    const selection = selectWork([copy(2), copy(3), copy(4), copy(5), copy(5), copy(6)], 3, 10);
    expect(selection.duplicates).toBe(2);
    expect(selection.work?.kind === 'deliver' && numbers(selection.work.copies)).toEqual([4, 5]);
  });

  it('blocks at the expected number when a later one comes first: never skips', () => {
    const queued = [copy(4), copy(6)];
    expect(selectWork(queued, 4, 1).work).toEqual({ kind: 'block', number: 5, reason: `gap: expected 5, read 6 at offset ${queued[1].offset}` });
  });

  it('blocks at a malformed copy, unless its number shows it was delivered already', () => {
    const bad = malformed(4);
    expect(selectWork([bad, copy(5)], 3, 1).work).toEqual({ kind: 'block', number: 4, reason: `malformed copy at offset ${bad.offset}: ce_id missing` });
    const unnumbered = malformed(null);
    expect(selectWork([unnumbered], 3, 1).work).toMatchObject({ kind: 'block', number: 4 });
    const selection = selectWork([malformed(2), copy(4)], 3, 1);
    expect(selection.duplicates).toBe(1);
    expect(selection.work?.kind).toBe('deliver');
  });

  it('ends a batch before a malformed copy', () => {
    const selection = selectWork([copy(4), malformed(5)], 3, 5);
    expect(selection.work?.kind === 'deliver' && numbers(selection.work.copies)).toEqual([4]);
  });

  it('has no work when only duplicates are queued', () => {
    expect(selectWork([copy(1), copy(2)], 2, 1)).toEqual({ duplicates: 2, work: null });
  });
});
