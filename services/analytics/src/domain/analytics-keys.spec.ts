import { parseRecipientKeys } from './analytics-keys';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

describe('parseRecipientKeys', () => {
  it('takes every version of each recipient', () => {
    const keys = parseRecipientKeys(JSON.stringify({ r1: { 1: key(1), 2: key(2) } }), ['r1'], true);
    expect([...(keys.get('r1') as Map<number, Buffer>).keys()]).toEqual([1, 2]);
  });

  it('gives a recipient without keys a development key outside production, the same on every start', () => {
    const once = parseRecipientKeys(undefined, ['r1'], false).get('r1')?.get(1);
    expect(once?.length).toBe(32);
    expect(parseRecipientKeys(undefined, ['r1'], false).get('r1')?.get(1)).toEqual(once);
  });

  it.each([
    ['no key in production', undefined, /no key for recipient r1/],
    ['a short key', JSON.stringify({ r1: { 1: Buffer.alloc(16).toString('base64') } }), /at least 32 bytes/],
    ['a version that is not a number', JSON.stringify({ r1: { one: key(1) } }), /is not a positive whole number/],
    ['not JSON', '{r1:', /not JSON/],
  ])('refuses %s', (_, json, message) => {
    expect(() => parseRecipientKeys(json, ['r1'], true)).toThrow(message);
  });
});
