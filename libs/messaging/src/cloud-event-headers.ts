import { IHeaders } from 'kafkajs';

/** The CloudEvents attributes of one event, carried as Kafka headers (binary mode). */
export interface EventEnvelope {
  eventId: string;
  /** `/services/<service>` */
  source: string;
  /** The record full name, e.g. care.events.identity.PatientRegistered */
  type: string;
  /** ISO-8601 instant the event occurred. */
  time: string;
  /** The patientId the event is about. */
  subject: string;
  traceparent?: string;
  tracestate?: string;
}

export function toKafkaHeaders(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: envelope.eventId,
    ce_source: envelope.source,
    ce_type: envelope.type,
    ce_time: envelope.time,
    ce_subject: envelope.subject,
    'content-type': 'application/avro',
  };
  if (envelope.traceparent) headers.traceparent = envelope.traceparent;
  if (envelope.tracestate) headers.tracestate = envelope.tracestate;
  return headers;
}

/** Kafka header values arrive as Buffers (or arrays of them); this gives plain strings. */
export function headersAsStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
