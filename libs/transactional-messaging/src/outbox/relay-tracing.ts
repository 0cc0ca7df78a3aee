import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { ProducedMessage, redactPatientData } from '@care-events/messaging';
import { OutboxRow } from './outbox-store';

const tracer = trace.getTracer('@care-events/transactional-messaging');

/**
 * Publishes a batch with one producer span per row, each the child of the context its row stored
 * (the request's, or the consumed event's that caused it) and ended when Kafka acknowledged the
 * batch. The message's `traceparent` names that span, so a consumer's span is the child of the
 * publish, which is the child of the request: the trace shows when the relay took the row and how
 * long Kafka took. A copy goes as stored (its headers are part of it): its span is the child of the
 * forwarded event's context and the header keeps naming that.
 *
 * The send itself runs with tracing suppressed: kafkajs's instrumentation would otherwise write the
 * context the relay loop happens to run in over the rows' `traceparent` (see service-kit's tracing.ts).
 */
export async function publishTraced(rows: Array<{ row: OutboxRow; message: ProducedMessage }>, send: (messages: ProducedMessage[]) => Promise<void>): Promise<void> {
  const spans: Span[] = [];
  const messages = rows.map(({ row, message }) => {
    const stored = propagation.extract(ROOT_CONTEXT, row.copy ? row.copy.headers : row.traceContext);
    const span = tracer.startSpan(
      `publish ${row.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'publish',
          'messaging.destination.name': row.topic,
          'messaging.message.id': row.eventId,
          'cloudevents.event_id': row.eventId,
          'cloudevents.event_type': row.eventType,
        },
      },
      stored,
    );
    spans.push(span);
    if (row.copy) return message;
    const headers = { ...message.headers };
    propagation.inject(trace.setSpan(stored, span), headers);
    return { ...message, headers };
  });
  try {
    await context.with(suppressTracing(context.active()), () => send(messages));
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: redactPatientData((error as Error).message) });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
