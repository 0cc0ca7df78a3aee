import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { causingEventContext, inBatchSpans, inEventSpan, MessagePosition } from './event-tracing';

const producerTrace = (n: number) => ({ traceId: `${n}`.repeat(32), spanId: `${n}`.repeat(16) });
const at = (offset: number, n: number, eventId: string): MessagePosition => ({
  topic: 'identity.patient.v1',
  partition: 2,
  message: {
    offset: String(offset),
    headers: { ce_id: Buffer.from(eventId), ce_type: 'care.events.identity.PatientDeceased', traceparent: `00-${producerTrace(n).traceId}-${producerTrace(n).spanId}-01` },
  },
});

describe('event spans', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({ spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentations: [] });

  beforeAll(() => sdk.start());
  afterAll(() => sdk.shutdown());
  beforeEach(() => exporter.reset());

  it("handles one event in a consumer span whose parent is the producer's, and the event's outbox rows continue it", async () => {
    const seen = await inEventSpan(at(7, 1, 'e-1'), 'appointments', async () => trace.getSpan(causingEventContext('e-1'))?.spanContext());

    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({
      name: 'process identity.patient.v1',
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka', 'messaging.destination.name': 'identity.patient.v1', 'messaging.destination.partition.id': '2',
        'messaging.kafka.offset': 7, 'messaging.consumer.group.name': 'appointments', 'cloudevents.event_type': 'care.events.identity.PatientDeceased',
      },
    });
    expect(span.spanContext().traceId).toBe(producerTrace(1).traceId);
    expect(span.parentSpanContext?.spanId).toBe(producerTrace(1).spanId);
    expect(seen).toEqual(span.spanContext());
  });

  it("gives each event of a batch its own span under its producer's, linked from the batch's span, and each event's rows that span", async () => {
    const seen = await inBatchSpans([at(7, 1, 'e-1'), at(8, 2, 'e-2')], 'care-router', async () => ({
      first: trace.getSpan(causingEventContext('e-1'))?.spanContext().spanId,
      second: trace.getSpan(causingEventContext('e-2'))?.spanContext().spanId,
      uncaused: trace.getSpan(causingEventContext(null))?.spanContext().spanId,
    }));

    const spans = exporter.getFinishedSpans();
    const [first, second] = [1, 2].map((n) => spans.find((span) => span.parentSpanContext?.spanId === producerTrace(n).spanId));
    expect([first?.spanContext().traceId, second?.spanContext().traceId]).toEqual([producerTrace(1).traceId, producerTrace(2).traceId]);
    expect([first?.attributes['messaging.kafka.offset'], second?.attributes['messaging.kafka.offset']]).toEqual([7, 8]);
    const batch = spans.find((span) => span.attributes['messaging.batch.message_count'] === 2);
    expect(batch?.kind).toBe(SpanKind.CONSUMER);
    expect(batch?.links.map((link) => link.context.spanId)).toEqual([first?.spanContext().spanId, second?.spanContext().spanId]);
    expect(seen).toEqual({ first: first?.spanContext().spanId, second: second?.spanContext().spanId, uncaused: batch?.spanContext().spanId });
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('marks a failed batch on every span, with the kind of error and its message without the values it quotes', async () => {
    const failing = inBatchSpans([at(7, 1, 'e-1'), at(8, 2, 'e-2')], 'care-router', async () => {
      throw new TypeError('invalid input syntax for type uuid: "Jane Smith"');
    });

    await expect(failing).rejects.toThrow('Jane Smith');
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'invalid input syntax for type uuid: "[redacted]"' });
      expect(span.attributes['error.type']).toBe('TypeError');
    }
  });
});
