/** What an operator needs to tell one event from another; null where neither headers nor payload say. */
export interface EventIdentity {
  /** The record full name without the common `care.events.` prefix, e.g. identity.PatientRegistered. */
  eventType: string | null;
  eventId: string | null;
  patientId: string | null;
}

/** A value as the registry decoded it, or why it could not be. */
export type DecodedEvent = { fullName: string; value: unknown } | { error: string };

/** One message of a topic as `platform tail` prints it. */
export interface TailedMessage {
  partition: number;
  offset: bigint;
  /** Kafka timestamp (ms). */
  timestamp: number;
  headers: Record<string, string>;
  decoded: DecodedEvent;
}

/**
 * The event's type, id and patient: from the CloudEvents headers (ce_type, ce_id, ce_subject), else
 * from the payload's metadata, so a message published without headers is still named.
 */
export function eventIdentityOf(headers: Record<string, string>, decoded?: DecodedEvent): EventIdentity {
  const payload = decoded && 'fullName' in decoded ? decoded : undefined;
  const metadata = payload ? metadataOf(payload.value) : {};
  const fullName = headers.ce_type ?? payload?.fullName ?? null;
  return {
    eventType: fullName === null ? null : fullName.replace(/^care\.events\./, ''),
    eventId: headers.ce_id ?? textOrNull(metadata.eventId),
    patientId: headers.ce_subject ?? textOrNull(metadata.patientId),
  };
}

/** `2026-11-30T17:58:01.123Z  p3@17  identity.PatientRegistered  patient <id>  event <id>` */
export function eventLine(message: TailedMessage): string {
  const { eventType, eventId, patientId } = eventIdentityOf(message.headers, message.decoded);
  const undecodable = 'error' in message.decoded ? `  (not decoded: ${message.decoded.error})` : '';
  return [
    new Date(message.timestamp).toISOString(),
    `p${message.partition}@${message.offset}`.padEnd(10),
    (eventType ?? '(no event type)').padEnd(40),
    `patient ${patientId ?? '-'}`,
    `event ${eventId ?? '-'}${undecodable}`,
  ].join('  ');
}

function metadataOf(value: unknown): Record<string, unknown> {
  const metadata = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).metadata : undefined;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
