import { hasValidVerhoeffCheckDigit } from './verhoeff';

describe('hasValidVerhoeffCheckDigit', () => {
  it.each(['2363', '0', '91936005', '39732311000001104'])('accepts %s', (digits) => {
    expect(hasValidVerhoeffCheckDigit(digits)).toBe(true);
  });

  it.each([
    ['2364', 'a changed check digit'],
    ['2633', 'adjacent digits swapped'],
    ['91936015', 'a single digit changed'],
    ['', 'no digits'],
    ['23a3', 'a non-digit'],
  ])('rejects %s (%s)', (digits) => {
    expect(hasValidVerhoeffCheckDigit(digits)).toBe(false);
  });
});
