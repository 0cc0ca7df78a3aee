import { publishableCount } from './aggregate-count';

describe('publishableCount', () => {
  it.each([
    [0, 0],
    [1, null],
    [7, null],
    [8, 10],
    [12, 10],
    [13, 15],
    [17, 15],
    [18, 20],
    [1234, 1235],
  ])('%s is published as %s', (count, shown) => {
    expect(publishableCount(count)).toBe(shown);
  });

  it.each([[-1], [2.5]])('refuses %s', (count) => {
    expect(() => publishableCount(count)).toThrow();
  });
});
