import { SubscriptionErrorCode, SubscriptionException } from './subscription-error';
import { assertMayActivate, nextStatus, receivesEvents, SubscriptionAction, SubscriptionActor, SubscriptionStatus } from './subscription';

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

describe('who may activate', () => {
  const actor = (type: string, role: string | null = null): SubscriptionActor => ({ type, id: 'x', odsCode: null, role });

  it.each([
    ['the platform', actor('SYSTEM')],
    ['an administrator', actor('PRACTITIONER', 'administrator')],
    ['an administrator, whatever the case of the role', actor('PRACTITIONER', 'Administrator')],
  ])('%s may', (_, who) => {
    expect(() => assertMayActivate(who)).not.toThrow();
  });

  it.each([
    ['a practitioner without a role', actor('PRACTITIONER')],
    ['a practitioner of another role', actor('PRACTITIONER', 'clinician')],
    ['a patient, even naming the role', actor('PATIENT', 'administrator')],
    ['an unknown actor', actor('UNKNOWN', 'administrator')],
  ])('%s may not', (_, who) => {
    expect(refusal(() => assertMayActivate(who)).code).toBe(SubscriptionErrorCode.NotAnAdministrator);
  });
});
