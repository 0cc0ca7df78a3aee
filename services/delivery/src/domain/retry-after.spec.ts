import { retryAfterMs } from './retry-after';

const now = new Date('2026-01-05T09:00:00Z');

describe('retryAfterMs', () => {
  it('reads whole seconds', () => {
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date against now, and a past one as no wait', () => {
    expect(retryAfterMs('Mon, 05 Jan 2026 09:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMs('Mon, 05 Jan 2026 08:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '-5', '1.5', 'soon', '2026-01-05T09:10:00Z'])('gives null for %p', (header) => {
    expect(retryAfterMs(header, now)).toBeNull();
  });
});
