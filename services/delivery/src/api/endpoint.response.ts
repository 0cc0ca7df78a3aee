import type { DeliveryAttemptEntity } from '../persistence/delivery-attempt.entity';
import type { DeliveryEndpointEntity } from '../persistence/delivery-endpoint.entity';
import type { DeliverySkipEntity } from '../persistence/delivery-skip.entity';
import type { EndpointSecretEntity } from '../persistence/endpoint-secret.entity';

/** Messages on the setting's topic past the cursor (null when the broker did not say), and since when the next undelivered one waits. */
export interface Backlog {
  messages: number | null;
  oldestUndeliveredAt: string | null;
}

export interface EndpointState {
  endpoint: DeliveryEndpointEntity;
  secrets: EndpointSecretEntity[];
  skips: DeliverySkipEntity[];
  backlog: Backlog;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** An endpoint as its care setting sees it: never its secrets, extra headers or TLS key, only that they exist. */
export function endpointResponse({ endpoint: e, secrets, skips, backlog }: EndpointState) {
  return {
    id: e.id,
    subscriptionId: e.subscriptionId,
    odsCode: e.odsCode,
    format: e.format,
    url: e.url,
    content: e.content,
    status: e.status,
    statusReason: e.statusReason,
    cursor: { lastAcknowledgedNumber: e.cursorNumber, lastDeliveredAt: iso(e.lastDeliveredAt) },
    lastSeenNumber: e.lastSeenNumber,
    blocked: e.blockedNumber === null ? null : { eventNumber: e.blockedNumber, reason: e.blockedReason, since: iso(e.blockedSince) },
    failing: e.consecutiveFailures === 0
      ? null
      : { consecutiveFailures: e.consecutiveFailures, since: iso(e.failingSince), nextAttemptAt: iso(e.nextAttemptAt), lastError: e.lastError },
    backlog,
    limits: {
      heartbeatPeriodSeconds: e.heartbeatPeriodSeconds,
      timeoutSeconds: e.timeoutSeconds,
      maxEventsPerNotification: e.maxEventsPerNotification,
      rateLimitPerSecond: e.rateLimitPerSecond,
    },
    secrets: secrets.map((s) => ({ version: s.version, createdAt: s.createdAt.toISOString(), expiresAt: iso(s.expiresAt) })),
    clientTls: e.clientTlsCiphertext !== null,
    skips: skips.map((s) => ({ eventNumber: s.eventNumber, throughNumber: s.throughNumber, reason: s.reason, actor: s.actor, at: s.at.toISOString() })),
    createdAt: e.createdAt.toISOString(),
    createdBy: e.createdBy,
  };
}

export type EndpointView = ReturnType<typeof endpointResponse>;

export function attemptResponse(a: DeliveryAttemptEntity) {
  return {
    id: Number(a.id),
    kind: a.kind,
    eventNumber: a.eventNumber,
    eventCount: a.eventCount,
    eventId: a.eventId,
    attempt: a.attempt,
    startedAt: a.startedAt.toISOString(),
    latencyMs: a.latencyMs,
    outcome: a.outcome,
    httpStatus: a.httpStatus,
    retryAfterMs: a.retryAfterMs,
    error: a.error,
  };
}
