import { ENDPOINT_STATUSES, EndpointAction, EndpointException, hasWorker, nextEndpointStatus } from './endpoint';

describe('nextEndpointStatus', () => {
  it.each<[string, EndpointAction, string]>([
    ['requested', 'handshake', 'handshaking'],
    ['error', 'handshake', 'handshaking'],
    ['disabled', 'handshake', 'handshaking'],
    ['handshaking', 'handshake-accepted', 'active'],
    ['handshaking', 'handshake-refused', 'error'],
    ['paused', 'resume', 'active'],
    ['active', 'pause', 'paused'],
    ['paused', 'probe-accepted', 'active'],
    ['active', 'gone', 'disabled'],
    ['paused', 'gone', 'disabled'],
    ['active', 'block', 'error'],
    ['paused', 'block', 'error'],
    ['active', 'disable', 'disabled'],
    ['error', 'disable', 'disabled'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(nextEndpointStatus(from as never, action)).toBe(to);
  });

  it.each<[string, EndpointAction]>([
    ['active', 'handshake'],
    ['handshaking', 'handshake'],
    ['active', 'resume'],
    ['disabled', 'disable'],
    ['paused', 'pause'],
    ['error', 'gone'],
  ])('refuses %s --%s--> and names both', (from, action) => {
    expect(() => nextEndpointStatus(from as never, action)).toThrow(EndpointException);
    expect(() => nextEndpointStatus(from as never, action)).toThrow(new RegExp(`${from}.*${action}`));
  });

  it('runs a worker only for active and paused endpoints', () => {
    expect(ENDPOINT_STATUSES.filter(hasWorker)).toEqual(['active', 'paused']);
  });
});
