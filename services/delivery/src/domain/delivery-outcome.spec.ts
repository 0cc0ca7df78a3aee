import { classify, isReceiverFailure } from './delivery-outcome';

const now = new Date('2026-01-05T09:00:00Z');

describe('classify', () => {
  it.each([
    [200, 'delivered'], [204, 'delivered'], [299, 'delivered'],
    [301, 'failed'], [302, 'failed'], [400, 'failed'], [408, 'failed'], [422, 'failed'], [500, 'failed'], [502, 'failed'], [504, 'failed'],
    [410, 'gone'],
    [429, 'rate-limited'], [503, 'rate-limited'],
  ])('answer %i is %s', (status, outcome) => {
    expect(classify({ kind: 'response', status }, now)).toEqual({ outcome, httpStatus: status, retryAfterMs: null });
  });

  it('reads Retry-After of a 429 or 503, in seconds or as an HTTP-date', () => {
    expect(classify({ kind: 'response', status: 429, retryAfter: '30' }, now).retryAfterMs).toBe(30_000);
    expect(classify({ kind: 'response', status: 503, retryAfter: 'Mon, 05 Jan 2026 09:02:00 GMT' }, now).retryAfterMs).toBe(120_000);
  });

  it('ignores Retry-After on a plain failure', () => {
    expect(classify({ kind: 'response', status: 500, retryAfter: '30' }, now).retryAfterMs).toBeNull();
  });

  it('calls no answer in time a timeout and no connection a connection error', () => {
    expect(classify({ kind: 'timeout' }, now)).toEqual({ outcome: 'timeout', httpStatus: null, retryAfterMs: null });
    expect(classify({ kind: 'connection-error', error: 'ECONNRESET' }, now).outcome).toBe('connection-error');
  });
});

describe('isReceiverFailure', () => {
  it('counts what the receiver did, not what this service could not do', () => {
    expect(['failed', 'timeout', 'connection-error', 'rate-limited'].every((o) => isReceiverFailure(o as never))).toBe(true);
    expect(['delivered', 'gone', 'held', 'build-failed'].some((o) => isReceiverFailure(o as never))).toBe(false);
  });
});
