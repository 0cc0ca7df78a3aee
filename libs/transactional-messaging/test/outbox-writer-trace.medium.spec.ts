import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inBatchSpans, MessagePosition } from '@care-events/messaging';
import { OutboxWriter } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

const TRACE = ['1'.repeat(32), '2'.repeat(32)];
const consumed = (i: number, eventId: string): MessagePosition => ({
  topic: 'identity.patient.v1',
  partition: 0,
  message: { offset: String(i), headers: { ce_id: eventId, traceparent: `00-${TRACE[i]}-${`${i + 1}`.repeat(16)}-01` } },
});

/** A batch handler writes the rows of many consumed events in one transaction: each row goes on in its own event's trace. */
describe('outbox writer: the trace each row continues', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({ spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentations: [] });
  let harness: Harness;

  beforeAll(async () => {
    sdk.start();
    harness = await messagingHarness();
  });

  afterAll(async () => {
    await harness?.close();
    await sdk.shutdown();
  });

  it("stores for each row the span of the event that caused it, and the batch's for a row no event caused", async () => {
    const [first, second] = ['a1a1a1a1-0000-4000-8000-000000000001', 'a1a1a1a1-0000-4000-8000-000000000002'];
    const caused = (causationId: string | null) => {
      const value = patientRegistered();
      value.metadata.causationId = causationId;
      return { type: PATIENT_REGISTERED, value };
    };
    const events = [caused(second), caused(first), caused(null)];

    await inBatchSpans([consumed(0, first), consumed(1, second)], 'test-group', () =>
      harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, events)),
    );

    const stored = async ({ value }: (typeof events)[number]) =>
      ((await harness.dataSource.query('select trace_context from outbox_message where event_id = $1', [value.metadata.eventId])) as Array<{ trace_context: { traceparent: string } }>)[0]
        .trace_context.traceparent;
    const spans = exporter.getFinishedSpans();
    const spanOf = (traceId: string) => spans.find((span) => span.spanContext().traceId === traceId && span.parentSpanContext)?.spanContext();
    const batch = spans.find((span) => span.attributes['messaging.batch.message_count'] === 2)?.spanContext();
    expect([await stored(events[0]), await stored(events[1]), await stored(events[2])]).toEqual(
      [spanOf(TRACE[1]), spanOf(TRACE[0]), batch].map((span) => `00-${span?.traceId}-${span?.spanId}-01`),
    );
  });
});
