import { copyCounts, numberCopies } from './copy-numbering';

describe('copy numbering', () => {
  const targets = [['s1', 's2'], [], ['s1'], ['s2', 's3'], ['s1']];

  it('counts the copies each subscription gets', () => {
    expect(copyCounts(targets)).toEqual(new Map([['s1', 3], ['s2', 2], ['s3', 1]]));
  });

  it('gives each subscription\'s copies the numbers up to its new last one, in event order, with no gap', () => {
    const last = new Map([['s1', '10'], ['s2', '2'], ['s3', '1']]);
    expect(numberCopies(targets, last)).toEqual([['8', '1'], [], ['9'], ['2', '1'], ['10']]);
  });

  it('counts past the range of a JavaScript number', () => {
    expect(numberCopies([['s1'], ['s1']], new Map([['s1', '9007199254740993']]))).toEqual([['9007199254740992'], ['9007199254740993']]);
  });

  it('refuses to number copies of a subscription whose counter it was not given', () => {
    expect(() => numberCopies([['s1']], new Map())).toThrow(/s1/);
  });
});
