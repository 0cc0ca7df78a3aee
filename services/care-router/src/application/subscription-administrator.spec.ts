import type { Principal } from '@care-events/auth';
import { SubscriptionErrorCode } from '../domain/subscription-error';
import { administratorOf, subscriptionActorOf } from './subscription-administrator';

const staff = (role: 'administrator' | 'clinician'): Principal => ({ kind: 'staff', userId: 'ADM0001', odsCode: 'X26', role, roleCode: 'R8008', name: null });

describe('who administers subscriptions', () => {
  it('is a member of staff whose selected role is administrator, stored with that role', () => {
    expect(administratorOf(staff('administrator'), 'activate')).toEqual({ type: 'PRACTITIONER', id: 'ADM0001', odsCode: 'X26', role: 'administrator' });
  });

  it.each<[string, Principal]>([
    ['staff of another role', staff('clinician')],
    ['a system, even one that may write', { kind: 'system', clientId: 'onboarding', odsCode: null, scopes: ['patient-data:write'] }],
    ['a patient', { kind: 'patient', subject: 's-1', nhsNumber: '9990000018', proofingLevel: 'P9' }],
  ])('is not %s, for any change of status', (_, caller) => {
    for (const action of ['activate', 'pause', 'resume', 'end'] as const) {
      expect(() => administratorOf(caller, action)).toThrow(expect.objectContaining({ code: SubscriptionErrorCode.NotAnAdministrator }));
    }
    expect(() => administratorOf(caller, 'pause')).toThrow('pausing a subscription needs a staff token whose selected role is administrator');
  });

  it('names whoever requests one as their token does, with no role unless staff', () => {
    expect(subscriptionActorOf({ kind: 'system', clientId: 'onboarding', odsCode: 'X26', scopes: [] })).toEqual({ type: 'SYSTEM', id: 'onboarding', odsCode: 'X26', role: null });
    expect(subscriptionActorOf(staff('clinician'))).toMatchObject({ type: 'PRACTITIONER', role: 'clinician' });
  });
});
