import { eventually, Json } from '@care-events/local-platform';
import { CareSetting } from './care-settings';
import { Actor, send, StaffActor } from './journey-call';

/** Activation needs an administrator, as NEMS and MNS need approval. */
const ADMINISTRATOR: Actor = { type: 'PRACTITIONER', id: 'ADMIN01', role: 'administrator' };

export interface Subscription {
  id: string;
  status: string;
  lastEventNumber: number;
}

/**
 * Ends the setting's subscriptions that an earlier run left (so that one care setting has one feed),
 * then requests a new one and has the administrator activate it.
 */
export async function subscribeSetting(careRouter: string, setting: CareSetting): Promise<{ subscription: Subscription; endedEarlier: number }> {
  const endedEarlier = await endEarlierSubscriptions(careRouter, setting);
  const requester: Actor = { type: 'PRACTITIONER', id: 'IT0001', odsCode: setting.odsCode };
  const requested = await send({
    step: `${setting.name} requests a subscription`, url: careRouter, method: 'POST', path: '/subscriptions', actor: requester,
    body: { odsCode: setting.odsCode, settingType: setting.settingType, eventTypes: setting.eventTypes },
  });
  const subscription = await send({
    step: `the administrator activates ${setting.name}'s subscription`, url: careRouter, method: 'POST', path: `/subscriptions/${requested.id}/activate`, actor: ADMINISTRATOR,
  });
  return { subscription, endedEarlier };
}

async function endEarlierSubscriptions(careRouter: string, setting: CareSetting): Promise<number> {
  const existing: Json[] = await send({
    step: `list ${setting.name}'s subscriptions`, url: careRouter, method: 'GET', path: `/subscriptions?odsCode=${encodeURIComponent(setting.odsCode)}`, actor: ADMINISTRATOR,
  });
  const live = existing.filter((candidate) => candidate.status !== 'ENDED');
  for (const subscription of live) {
    await send({ step: `end ${setting.name}'s earlier subscription`, url: careRouter, method: 'POST', path: `/subscriptions/${subscription.id}/end`, actor: ADMINISTRATOR });
  }
  return live.length;
}

export function getSubscription(careRouter: string, id: string): Promise<Subscription> {
  return send({ step: 'read a subscription', url: careRouter, method: 'GET', path: `/subscriptions/${id}`, actor: ADMINISTRATOR });
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
export async function untilNumbered(careRouter: string, subscriptionId: string, count: number): Promise<void> {
  await eventually(`the care-router to number copy ${count} of subscription ${subscriptionId}`, async () => (await getSubscription(careRouter, subscriptionId)).lastEventNumber >= count);
}
