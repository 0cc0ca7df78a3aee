import { Answer, declaredServices, eventually } from '@care-events/local-platform';
import { ConsumerGroupAdmin, createKafka } from '@care-events/messaging';
import { Actor } from './journey-actors';
import { attempt, Call, send } from './journey-call';
import { PlatformEndpoints } from './platform-endpoints';

interface Coding {
  code: string;
  display: string;
}

/** What the journey reads of a care record (GET /patients/{id}/care-record); the service gives more. */
export interface CareRecordRead {
  patientId: string;
  allergies: Array<{ substance: Coding; severity: string; criticality: string; reaction: { manifestation: Coding } | null; recordedBy: { odsCode: string } }>;
  medications: Array<{
    medicine: Coding; dosageText: string; status: 'ACTIVE' | 'STOPPED'; stoppedAt: string | null;
    stoppedBy: { type: string; id: string; odsCode: string | null } | null; stopReason: string | null;
  }>;
  results: Array<{ testCode: Coding; critical: boolean; observations: Array<{ code: Coding; value: number; unit: string; critical: boolean }> }>;
  freshness: Array<{ topic: string; latestEventRecordedAt: string | null; lag: number | null }>;
}

/** One read of the patient's data, as the access log lists it (GET /patients/{id}/access-log). */
export interface AccessLogEntry {
  accessedAt: string;
  accessor: { kind: 'STAFF' | 'PATIENT' | 'SYSTEM'; id: string; role: string | null; odsCode: string | null };
  what: string;
  purpose: string;
  breakGlass: boolean;
  breakGlassReason: string | null;
  outcome: 'ALLOWED' | 'DENIED';
  service: string;
}

export function readCareRecord(endpoints: PlatformEndpoints, patientId: string, actor: Actor, breakGlassReason?: string): Promise<CareRecordRead> {
  return send(careRecordCall(endpoints, patientId, actor, breakGlassReason));
}

/** The same read, giving the answer whatever its status: to show a refusal. */
export function attemptCareRecord(endpoints: PlatformEndpoints, patientId: string, actor: Actor): Promise<Answer> {
  return attempt(careRecordCall(endpoints, patientId, actor));
}

function careRecordCall(endpoints: PlatformEndpoints, patientId: string, actor: Actor, breakGlassReason?: string): Call {
  return {
    step: `read the care record as ${actor.who}`, url: endpoints.careRecord, method: 'GET', path: `/patients/${patientId}/care-record`, actor,
    headers: breakGlassReason ? { 'x-break-glass-reason': breakGlassReason } : {},
  };
}

/**
 * Reads the access log until `holds` accepts it: the log fills from audit.access.v1, a moment
 * after each read was answered.
 */
export function readAccessLogOnceItHolds(
  endpoints: PlatformEndpoints, patientId: string, patient: Actor, holds: (log: AccessLogEntry[]) => boolean,
): Promise<AccessLogEntry[]> {
  return eventually('the access log to list every read of the journey', async () => {
    const log = await send({ step: 'read the access log', url: endpoints.careRecord, method: 'GET', path: `/patients/${patientId}/access-log`, actor: patient });
    const entries = accessLogEntries(log);
    return holds(entries) ? entries : undefined;
  });
}

function accessLogEntries(body: unknown): AccessLogEntry[] {
  return (Array.isArray(body) ? body : (body as { entries: AccessLogEntry[] }).entries) as AccessLogEntry[];
}

/**
 * Waits until care-record's consumer group has read, on every topic it folds or takes care
 * relationships from, at least as far as those topics' ends were when the wait began: whatever was
 * already published is then in the care record and its access rules.
 */
export async function untilCareRecordCaughtUp(endpoints: PlatformEndpoints, timeoutMs = 30_000): Promise<void> {
  const topics = declaredServices().flatMap((service) => (service.publishes && service.name !== 'care-record' ? [service.publishes] : []));
  const group = new ConsumerGroupAdmin(createKafka({ brokers: endpoints.brokers, clientId: 'care-events-demo' }), endpoints.careRecordGroup);
  try {
    const ends = await group.ranges(topics);
    await eventually(`care-record (consumer group ${endpoints.careRecordGroup}) to read what is on ${topics.join(', ')}`, async () => {
      const committed = await group.committed(topics);
      return [...ends].every(([topic, partitions]) =>
        [...partitions].every(([partition, { low, high }]) => (committed.get(topic)?.get(partition) ?? low) >= high),
      );
    }, timeoutMs);
  } finally {
    await group.close();
  }
}
