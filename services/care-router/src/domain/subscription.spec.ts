import { SubscriptionErrorCode, SubscriptionException } from './subscription-error';
import { nextStatus, receivesEvents, SubscriptionAction, SubscriptionStatus } from './subscription';

const refusal = (work: () => unknown): SubscriptionException => {
  try {
    work();
  } catch (error) {
    return error as SubscriptionException;
  }
  throw new Error('expected a refusal');
};

describe('subscription lifecycle', () => {
  it.each<[SubscriptionStatus, SubscriptionAction, SubscriptionStatus]>([
    ['REQUESTED', 'activate', 'ACTIVE'],
    ['ACTIVE', 'pause', 'PAUSED'],
    ['PAUSED', 'resume', 'ACTIVE'],
    ['REQUESTED', 'end', 'ENDED'],
    ['ACTIVE', 'end', 'ENDED'],
    ['PAUSED', 'end', 'ENDED'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each<[SubscriptionStatus, SubscriptionAction]>([
    ['ENDED', 'activate'], ['ACTIVE', 'activate'], ['PAUSED', 'activate'],
    ['REQUESTED', 'pause'], ['PAUSED', 'pause'], ['ENDED', 'pause'],
    ['REQUESTED', 'resume'], ['ACTIVE', 'resume'], ['ENDED', 'resume'],
    ['ENDED', 'end'],
  ])('refuses to %2$s a %1$s subscription', (from, action) => {
    const error = refusal(() => nextStatus(from, action));
    expect(error).toBeInstanceOf(SubscriptionException);
    expect(error.code).toBe(SubscriptionErrorCode.IllegalTransition);
    expect(error.details).toEqual({ status: from, action });
  });

  it('numbers copies only while active or paused', () => {
    expect(['REQUESTED', 'ACTIVE', 'PAUSED', 'ENDED'].filter((s) => receivesEvents(s as SubscriptionStatus))).toEqual(['ACTIVE', 'PAUSED']);
  });
});
