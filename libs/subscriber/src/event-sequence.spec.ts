import { judgeCopy } from './event-sequence';

const unseen = { eventId: false, eventNumber: false };

describe('judgeCopy', () => {
  it('takes the next number with no gap and moves the position to it', () => {
    expect(judgeCopy(4, false, 5, unseen)).toEqual({ kind: 'take', position: 5 });
  });

  it('reports the first missing number and the one received when numbers are skipped', () => {
    expect(judgeCopy(4, false, 8, unseen)).toEqual({ kind: 'take', position: 8, gap: { expected: 5, received: 8 } });
  });

  it('expects number 1 first when the feed is read from its start, and any number otherwise', () => {
    expect(judgeCopy(null, true, 1, unseen)).toEqual({ kind: 'take', position: 1 });
    expect(judgeCopy(null, true, 3, unseen)).toEqual({ kind: 'take', position: 3, gap: { expected: 1, received: 3 } });
    expect(judgeCopy(null, false, 40, unseen)).toEqual({ kind: 'take', position: 40 });
  });

  it('skips a copy whose eventId or number was taken before', () => {
    expect(judgeCopy(5, false, 5, { eventId: true, eventNumber: true })).toEqual({ kind: 'duplicate', by: 'eventId' });
    expect(judgeCopy(5, false, 3, { eventId: false, eventNumber: true })).toEqual({ kind: 'duplicate', by: 'eventNumber' });
    expect(judgeCopy(5, false, 9, { eventId: true, eventNumber: false })).toEqual({ kind: 'duplicate', by: 'eventId' });
  });

  it('takes a late copy that fills a gap without reporting one or moving the position back', () => {
    expect(judgeCopy(8, false, 6, unseen)).toEqual({ kind: 'take', position: 8 });
  });
});
