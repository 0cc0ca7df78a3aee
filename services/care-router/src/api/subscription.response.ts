import { SubscriptionView } from '../application/subscriptions.service';

export function subscriptionResponse({ subscription: s, pausedBacklog }: SubscriptionView) {
  return {
    id: s.id,
    odsCode: s.odsCode,
    settingType: s.settingType,
    eventTypes: s.eventTypes,
    status: s.status,
    topic: s.topic,
    lastEventNumber: Number(s.lastEventNumber),
    pausedBacklog,
    requestedAt: s.requestedAt.toISOString(),
    requestedBy: s.requestedBy,
    activatedAt: s.activatedAt?.toISOString() ?? null,
    activatedBy: s.activatedBy,
    pausedAt: s.pausedAt?.toISOString() ?? null,
    pausedBy: s.pausedBy,
    resumedAt: s.resumedAt?.toISOString() ?? null,
    resumedBy: s.resumedBy,
    endedAt: s.endedAt?.toISOString() ?? null,
    endedBy: s.endedBy,
  };
}
