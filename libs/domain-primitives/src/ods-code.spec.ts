import { parseOdsCode } from './ods-code';

describe('parseOdsCode', () => {
  it.each([
    ['A81001', 'A81001'], // GP practice
    ['RX9', 'RX9'], // trust
    ['FA123', 'FA123'], // pharmacy
    ['RX9AB', 'RX9AB'], // site
    ['rx9ab', 'RX9AB'],
    ['  a81001 ', 'A81001'],
    ['RX9AB123', 'RX9AB123'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseOdsCode(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['', 'RX', 'RX9AB1234', 'RX9-AB', 'RX9 AB', 'A8100£'])('rejects %j', (input) => {
    expect(parseOdsCode(input)).toEqual({ ok: false, reason: 'must be an ODS code of 3 to 8 letters and digits' });
  });
});
