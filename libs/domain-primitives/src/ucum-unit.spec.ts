import { parseUcumUnit } from './ucum-unit';

describe('parseUcumUnit', () => {
  it.each(['mmol/L', '10*9/L', 'mL/min/{1.73_m2}', 'mm[Hg]', '%', '{ratio}', '1', 'mL', '{tablet}', '{puff}'])('accepts %s', (unit) => {
    expect(parseUcumUnit(unit)).toEqual({ ok: true, value: unit });
  });

  it('trims surrounding whitespace', () => {
    expect(parseUcumUnit(' g/L ')).toEqual({ ok: true, value: 'g/L' });
  });

  // MMOL/L is not UCUM at all, and x10^9/L is the printed form, not the UCUM code.
  it.each(['', 'MMOL/L', 'x10^9/L', 'mmHg', 'furlong', 'tablet', 'ML'])('rejects %j', (unit) => {
    expect(parseUcumUnit(unit)).toEqual({ ok: false, reason: 'is not a known UCUM unit' });
  });
});
