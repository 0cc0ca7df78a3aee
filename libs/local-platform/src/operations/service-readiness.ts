/** A service's /health/ready answer, or why there was none. */
export type ServiceReadiness =
  | { reachable: false; error: string }
  | {
      reachable: true;
      httpStatus: number;
      /** ok, degraded or unavailable. */
      status: string;
      checks: Record<string, string>;
      outbox: OutboxRelayState | null;
      heldPartitions: HeldPartitionState[];
    };

/** What readiness tells of the outbox relay and the rows waiting for it (null when not reported). */
export interface OutboxRelayState {
  running: boolean;
  leader: boolean;
  publishedTotal: number;
  backlog: { unsent: number; oldestUnsentAgeSeconds: number } | null;
  stuckRows: number;
  unregisteredSubjects: string[];
  lastError: string | null;
}

export interface HeldPartitionState {
  topic: string;
  partition: number;
  offset: string;
  attempts: number;
  reason: string;
}

/** Reads the body of a /health/ready answer; fields it lacks are reported as absent, never guessed. */
export function readinessFrom(httpStatus: number, body: unknown): ServiceReadiness {
  const answer = asRecord(body);
  const relay = asRecord(answer.outboxRelay);
  return {
    reachable: true,
    httpStatus,
    status: typeof answer.status === 'string' ? answer.status : `HTTP ${httpStatus}`,
    checks: Object.fromEntries(Object.entries(asRecord(answer.checks)).map(([check, state]) => [check, String(state)])),
    outbox: answer.outboxRelay === undefined ? null : {
      running: relay.running === true,
      leader: relay.leader === true,
      publishedTotal: Number(relay.publishedTotal ?? 0),
      backlog: backlogOf(relay.backlog),
      stuckRows: Array.isArray(relay.stuck) ? relay.stuck.length : 0,
      unregisteredSubjects: Array.isArray(relay.unregisteredSubjects) ? relay.unregisteredSubjects.map(String) : [],
      lastError: typeof relay.lastError === 'string' ? relay.lastError : null,
    },
    heldPartitions: heldPartitionsOf(asRecord(answer.consumer).heldPartitions),
  };
}

function backlogOf(value: unknown): OutboxRelayState['backlog'] {
  const backlog = asRecord(value);
  if (typeof backlog.unsent !== 'number') return null;
  return { unsent: backlog.unsent, oldestUnsentAgeSeconds: Number(backlog.oldestUnsentAgeSeconds ?? 0) };
}

function heldPartitionsOf(value: unknown): HeldPartitionState[] {
  if (!Array.isArray(value)) return [];
  return value.map(asRecord).map((held) => ({
    topic: String(held.topic), partition: Number(held.partition), offset: String(held.offset), attempts: Number(held.attempts), reason: String(held.reason),
  }));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
