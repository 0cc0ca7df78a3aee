import { eventually, Json } from '@care-events/local-platform';
import { CareSetting } from './care-settings';
import { Actor, JourneyCast, StaffActor } from './journey-actors';
import { send } from './journey-call';

export interface Subscription {
  id: string;
  status: string;
  lastEventNumber: number;
}

/**
 * Ends the setting's subscriptions that an earlier run left (so that one care setting has one feed),
 * then the setting's IT lead requests a new one and the administrator activates it (activation
 * needs the administrator role in the token, as NEMS and MNS need approval).
 */
export async function subscribeSetting(careRouter: string, setting: CareSetting, cast: JourneyCast): Promise<{ subscription: Subscription; endedEarlier: number }> {
  const endedEarlier = await endEarlierSubscriptions(careRouter, setting, cast.administrator);
  const requested = await send({
    step: `${setting.name} requests a subscription`, url: careRouter, method: 'POST', path: '/subscriptions', actor: cast.itLeadOf(setting),
    body: { odsCode: setting.odsCode, settingType: setting.settingType, eventTypes: setting.eventTypes },
  });
  const subscription = await send({
    step: `the administrator activates ${setting.name}'s subscription`, url: careRouter, method: 'POST', path: `/subscriptions/${requested.id}/activate`,
    actor: cast.administrator,
  });
  return { subscription, endedEarlier };
}

async function endEarlierSubscriptions(careRouter: string, setting: CareSetting, administrator: Actor): Promise<number> {
  const existing: Json[] = await send({
    step: `list ${setting.name}'s subscriptions`, url: careRouter, method: 'GET', path: `/subscriptions?odsCode=${encodeURIComponent(setting.odsCode)}`, actor: administrator,
  });
  const live = existing.filter((candidate) => candidate.status !== 'ENDED');
  for (const subscription of live) {
    await send({ step: `end ${setting.name}'s earlier subscription`, url: careRouter, method: 'POST', path: `/subscriptions/${subscription.id}/end`, actor: administrator });
  }
  return live.length;
}

export function getSubscription(careRouter: string, id: string, administrator: Actor): Promise<Subscription> {
  return send({ step: 'read a subscription', url: careRouter, method: 'GET', path: `/subscriptions/${id}`, actor: administrator });
}

/** Follows a patient for a stated reason until a time (at most 72 hours ahead); gives the follow's id. */
export async function follow(careRouter: string, patientId: string, by: StaffActor, reason: string, until: Date): Promise<string> {
  const relationship = await send({
    step: `${by.odsCode} follows the patient`, url: careRouter, method: 'POST', path: '/follows', actor: by,
    body: { patientId, odsCode: by.odsCode, reason, until: until.toISOString() },
  });
  return relationship.followId;
}

/** Ends a follow before its time; gives when it ended. */
export async function endFollow(careRouter: string, followId: string, by: StaffActor): Promise<Date> {
  const ended = await send({ step: `${by.odsCode} ends its follow`, url: careRouter, method: 'DELETE', path: `/follows/${followId}`, actor: by });
  return new Date(ended.endedAt);
}

/** Waits until the router has numbered at least `count` copies for the subscription. */
export async function untilNumbered(careRouter: string, subscriptionId: string, count: number, administrator: Actor): Promise<void> {
  await eventually(
    `the care-router to number copy ${count} of subscription ${subscriptionId}`,
    async () => (await getSubscription(careRouter, subscriptionId, administrator)).lastEventNumber >= count,
  );
}
