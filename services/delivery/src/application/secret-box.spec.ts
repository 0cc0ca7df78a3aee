import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox({ secretsKey: randomBytes(32) });

  it('opens what it sealed, and seals the same text differently each time', () => {
    const sealed = box.seal('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(box.seal('whsec_abc').equals(sealed)).toBe(false);
    expect(sealed.includes(Buffer.from('whsec_abc'))).toBe(false);
  });

  it('round-trips JSON', () => {
    expect(box.openJson(box.sealJson({ 'x-api-key': 'k' }))).toEqual({ 'x-api-key': 'k' });
  });

  it('refuses a box that was changed, or sealed under another key', () => {
    const sealed = box.seal('whsec_abc');
    sealed[sealed.length - 1] ^= 1;
    expect(() => box.open(sealed)).toThrow();
    expect(() => new SecretBox({ secretsKey: randomBytes(32) }).open(box.seal('whsec_abc'))).toThrow();
  });
});
