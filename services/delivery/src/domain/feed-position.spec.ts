import { judgeCopy, seekOffsetFor } from './feed-position';

describe('seekOffsetFor', () => {
  it('starts at n − 1 when nothing is indexed and the log starts at 0', () => {
    expect(seekOffsetFor(1, null, 0)).toBe(0);
    expect(seekOffsetFor(42, null, 0)).toBe(41);
  });

  it('starts at an indexed earlier number when duplicates pushed the copies further along than n − 1', () => {
    expect(seekOffsetFor(10, { number: 8, offset: 30 }, 0)).toBe(30);
    expect(seekOffsetFor(10, { number: 10, offset: 33 }, 0)).toBe(33);
  });

  it('never reads below n − 1 even when the index holds only an early number', () => {
    expect(seekOffsetFor(100, { number: 2, offset: 5 }, 0)).toBe(99);
  });

  it('starts no lower than the start of the log', () => {
    expect(seekOffsetFor(10, { number: 3, offset: 4 }, 500)).toBe(500);
  });

  it('refuses an index entry above the number sought', () => {
    expect(() => seekOffsetFor(5, { number: 6, offset: 9 }, 0)).toThrow('indexed number 6 is above 5');
  });
});

describe('judgeCopy', () => {
  it.each([
    [7, 3, 'duplicate'],
    [7, 7, 'duplicate'],
    [7, 8, 'next'],
    [7, 9, 'gap'],
    [0, 1, 'next'],
  ])('cursor %i, copy %i: %s', (cursor, number, judgement) => {
    expect(judgeCopy(cursor, number)).toBe(judgement);
  });
});
