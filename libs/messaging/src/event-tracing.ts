import { Attributes, Context, context, createContextKey, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { KafkaMessage } from 'kafkajs';
import { headersAsStrings } from './cloud-event-headers';
import { redactPatientData } from './redact-patient-data';

const tracer = trace.getTracer('@care-events/messaging');

/** The events a batch handles, by eventId: each one's span, for the outbox rows it causes. */
const HANDLED_EVENTS = createContextKey('care-events handled events');

/** Where a consumed message came from, as the consumer reads it. */
export interface MessagePosition {
  topic: string;
  partition: number;
  message: Pick<KafkaMessage, 'headers' | 'offset'>;
}

/**
 * Runs one attempt at handling a message in a span of its own: kind consumer, its parent the
 * producer's context from the message's `traceparent`, so the trace goes on from the request that
 * wrote the event; the outbox rows the handler writes store this span's context. Its attributes say
 * where the message was and what it is (topic, partition, offset, CloudEvents type and id), never
 * what it says: the value is patient data.
 */
export async function inEventSpan<T>(position: MessagePosition, groupId: string, work: () => Promise<T>): Promise<T> {
  const { span, spanContext } = startEventSpan(position, groupId);
  return context.with(spanContext, () => ended([span], work));
}

/**
 * Runs a batch handler with one span per event, each as inEventSpan would make it, and a span of the
 * batch (a new trace, linked to each event's) active for the handler's own work. The events' outbox
 * rows each store the span of the event that caused them (causingEventContext), so every event's trace
 * still continues onto the next topic, though one transaction handles many.
 */
export async function inBatchSpans<T>(positions: MessagePosition[], groupId: string, work: () => Promise<T>): Promise<T> {
  const events = positions.map((position) => startEventSpan(position, groupId));
  const batch = tracer.startSpan(
    `process ${positions[0].topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { ...where(positions[0], groupId), 'messaging.batch.message_count': positions.length },
      links: events.map(({ span }) => ({ context: span.spanContext() })),
    },
    ROOT_CONTEXT,
  );
  const handled = new Map(positions.flatMap((position, i) => {
    const eventId = headersAsStrings(position.message.headers).ce_id;
    return eventId ? [[eventId, events[i].spanContext] as const] : [];
  }));
  const batchContext = trace.setSpan(ROOT_CONTEXT, batch).setValue(HANDLED_EVENTS, handled);
  return context.with(batchContext, () => ended([batch, ...events.map(({ span }) => span)], work));
}

/**
 * The context an event caused by `causationId` continues: the span of that event when a batch
 * handles it among others, else the active one (a request's, or the one event's being handled).
 */
export function causingEventContext(causationId: string | null | undefined): Context {
  const handled = context.active().getValue(HANDLED_EVENTS) as Map<string, Context> | undefined;
  return (causationId ? handled?.get(causationId) : undefined) ?? context.active();
}

function startEventSpan(position: MessagePosition, groupId: string): { span: Span; spanContext: Context } {
  const headers = headersAsStrings(position.message.headers);
  const producer = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(
    `process ${position.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...where(position, groupId),
        'messaging.kafka.offset': Number(position.message.offset),
        ...(headers.ce_id ? { 'messaging.message.id': headers.ce_id, 'cloudevents.event_id': headers.ce_id } : {}),
        ...(headers.ce_type ? { 'cloudevents.event_type': headers.ce_type } : {}),
      },
    },
    producer,
  );
  return { span, spanContext: trace.setSpan(producer, span) };
}

function where({ topic, partition }: MessagePosition, groupId: string): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': topic,
    'messaging.destination.partition.id': String(partition),
    'messaging.consumer.group.name': groupId,
  };
}

/** Ends the spans when the work settles; a failure marks them with its kind and its message without the values it may quote. */
async function ended<T>(spans: Span[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    for (const span of spans) {
      span.setAttribute('error.type', failure.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: redactPatientData(failure.message) });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
