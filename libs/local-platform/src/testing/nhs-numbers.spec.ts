import { parseNhsNumber } from '@care-events/domain-primitives';
import { nhsNumbers } from './nhs-numbers';

describe('nhsNumbers', () => {
  it('gives only numbers the services accept, skipping 9999999999 where the 999 range ends', () => {
    const next = nhsNumbers(999_990);
    const given = Array.from({ length: 30 }, next);
    expect(given.filter((nhsNumber) => !parseNhsNumber(nhsNumber).ok)).toEqual([]);
    expect(given).not.toContain('9999999999');
    expect(new Set(given).size).toBe(given.length);
  });
});
