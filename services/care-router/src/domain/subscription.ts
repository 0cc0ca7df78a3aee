import { SubscriptionErrorCode, SubscriptionException } from './subscription-error';

export const SUBSCRIPTION_STATUSES = ['REQUESTED', 'ACTIVE', 'PAUSED', 'ENDED'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SETTING_TYPES = ['GP_PRACTICE', 'AMBULANCE_SERVICE', 'HOSPITAL', 'PHARMACY', 'OTHER'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export type SubscriptionAction = 'activate' | 'pause' | 'resume' | 'end';

/** Who changed a subscription, as their token named them, with the role they had selected (staff only). */
export interface SubscriptionActor {
  type: string;
  id: string;
  odsCode: string | null;
  role: string | null;
}

export const PAST_TENSE: Record<SubscriptionAction, string> = { activate: 'activated', pause: 'paused', resume: 'resumed', end: 'ended' };

const NEXT: Record<SubscriptionAction, Partial<Record<SubscriptionStatus, SubscriptionStatus>>> = {
  activate: { REQUESTED: 'ACTIVE' },
  pause: { ACTIVE: 'PAUSED' },
  resume: { PAUSED: 'ACTIVE' },
  end: { REQUESTED: 'ENDED', ACTIVE: 'ENDED', PAUSED: 'ENDED' },
};

/**
 * The status an action leads to. A subscription is requested, activated by an administrator,
 * paused and resumed any number of times, and ended once; anything else is refused.
 */
export function nextStatus(current: SubscriptionStatus, action: SubscriptionAction): SubscriptionStatus {
  const next = NEXT[action][current];
  if (!next) {
    throw new SubscriptionException(SubscriptionErrorCode.IllegalTransition, `a ${current} subscription cannot be ${PAST_TENSE[action]}`, { status: current, action });
  }
  return next;
}

/** Copies of a subscription's events are numbered only while it is active or paused. */
export const receivesEvents = (status: SubscriptionStatus): boolean => status === 'ACTIVE' || status === 'PAUSED';
