import { formatNhsNumber, parseNhsNumber } from './nhs-number';

// Expected values are worked by hand: weights 10..2 over the first nine digits, then
// check = 11 - (sum mod 11). The 999 range is the one reserved for test patients.
describe('parseNhsNumber', () => {
  it.each([
    ['9434765919', '9434765919'], // sum 299, mod 11 = 2, check 9
    ['9434765870', '9434765870'], // sum 308, mod 11 = 0, check 11 written as 0
    ['9990000018', '9990000018'], // sum 245, mod 11 = 3, check 8
    ['9990000026', '9990000026'], // sum 247, mod 11 = 5, check 6
    ['9990000050', '9990000050'], // sum 253, mod 11 = 0, check 0
    ['9990079196', '9990079196'], // sum 335, mod 11 = 5, check 6
    ['9990237573', '9990237573'], // sum 327, mod 11 = 8, check 3
    ['943 476 5919', '9434765919'],
    ['999 000 0018', '9990000018'],
    [' 9990 0000 18 ', '9990000018'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'must be 10 digits'],
    ['999000001', 'must be 10 digits'],
    ['99900000180', 'must be 10 digits'],
    ['99900000A8', 'must be 10 digits'],
    ['999-000-0018', 'must be 10 digits'],
    ['9990000019', 'check digit does not match'],
    ['9434765918', 'check digit does not match'],
    ['9990000000', 'is not a valid NHS number (check digit would be 10)'], // sum 243, mod 11 = 1
    ['9991425420', 'is not a valid NHS number (check digit would be 10)'], // sum 320, mod 11 = 1
  ])('rejects %j: %s', (input, reason) => {
    expect(parseNhsNumber(input)).toEqual({ ok: false, reason });
  });

  // d repeated: the weighted sum is 54d ≡ -d (mod 11), so the check digit comes out as d itself.
  it.each(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])('rejects %s repeated ten times, which passes Modulus 11 but is never issued', (digit) => {
    expect(parseNhsNumber(digit.repeat(10))).toEqual({ ok: false, reason: 'is not a valid NHS number (one digit repeated)' });
    expect(parseNhsNumber(`${digit.repeat(3)} ${digit.repeat(3)} ${digit.repeat(4)}`)).toEqual({ ok: false, reason: 'is not a valid NHS number (one digit repeated)' });
  });
});

describe('formatNhsNumber', () => {
  it('groups the digits 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });

  it('round-trips through parseNhsNumber', () => {
    expect(parseNhsNumber(formatNhsNumber('9990000018'))).toEqual({ ok: true, value: '9990000018' });
  });

  it('refuses input that is not 10 digits', () => {
    expect(() => formatNhsNumber('943 476 5919')).toThrow(RangeError);
  });
});
