import { parseDmdId } from './dmd-id';

describe('parseDmdId', () => {
  it.each(['322236009', '39732311000001104'])('accepts %s', (id) => {
    expect(parseDmdId(id)).toEqual({ ok: true, value: id });
  });

  it.each([
    ['322236008', 'Verhoeff check digit does not match'],
    ['37436014', 'partition identifier 01 is not a concept'],
  ])('rejects %s: %s', (id, reason) => {
    expect(parseDmdId(id)).toEqual({ ok: false, reason });
  });
});
