import { invalid, valid, Validation } from './validation';

/**
 * Parses an NHS number, accepting the spaced form people read aloud ("943 476 5919"), and
 * returns the 10 digits alone so stored and compared values have a single spelling.
 */
export function parseNhsNumber(input: string): Validation<string> {
  const digits = input.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return invalid('must be 10 digits');
  // One digit ten times always passes Modulus 11 (the check digit comes out as that digit), but
  // such numbers are never issued: they are what a form's placeholder or a test keyboard gives.
  if (/^(\d)\1{9}$/.test(digits)) return invalid('is not a valid NHS number (one digit repeated)');
  const expected = nhsCheckDigit(digits.slice(0, 9));
  // A remainder giving 10 can never be written as one digit, so no such number is issued.
  if (expected === 10) return invalid('is not a valid NHS number (check digit would be 10)');
  if (expected !== Number(digits[9])) return invalid('check digit does not match');
  return valid(digits);
}

/** Writes a parsed NHS number in the 3-3-4 grouping used on letters and screens. */
export function formatNhsNumber(nhsNumber: string): string {
  if (!/^\d{10}$/.test(nhsNumber)) throw new RangeError('formatNhsNumber expects the 10 digits from parseNhsNumber');
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}

/** Modulus 11 with weights 10 down to 2; a result of 11 is written as 0. */
function nhsCheckDigit(firstNine: string): number {
  const sum = [...firstNine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}
