import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ClinicalServiceHarness, defaultAuthorization, eventually, OtlpReceiver, ReceivedSpan, startOtlpReceiver } from '@care-events/local-platform';
import { startTracing, stopTracing } from '@care-events/service-kit';
import { AppointmentsModule } from '../src/appointments.module';
import { book, eventType, openSlot, TOPIC } from './appointments-fixtures';

const DECEASED = 'care.events.identity.PatientDeceased';
const CANCELLED = 'care.events.appointments.AppointmentCancelled';
// OTLP's numbers for span kinds.
const OTLP_SERVER = 2;
const OTLP_PRODUCER = 4;

/**
 * One trace from identity's HTTP request, through its outbox and Kafka, into appointments' consumer
 * and on through appointments' own outbox onto the next topic.
 *
 * identity runs as its own process, started as `npm start` and the image start it, with the tracing
 * preload, and exports over OTLP to a receiver here. appointments runs in this process with the SDK
 * started before it, exporting to memory: that stands in for the preload for the spans this test
 * follows, which the libraries make through the OpenTelemetry API. It cannot stand in for pg's and
 * kafkajs's instrumentation, which patch a module as Node's require loads it, while Jest loads
 * modules through its own loader: so the pg spans are checked on identity's side only.
 */
describe('tracing across services', () => {
  const exporter = new InMemorySpanExporter();
  let receiver: OtlpReceiver;
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    startTracing('appointments', { spanProcessors: [new SimpleSpanProcessor(exporter)] });
    receiver = await startOtlpReceiver();
    harness = await ClinicalServiceHarness.start('appointments', AppointmentsModule, {
      topic: TOPIC,
      processEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await receiver?.stop();
    await stopTracing();
  });

  it("follows a death recorded in identity to the cancellation appointments publishes, in one trace", async () => {
    const patientId = await harness.newPatient();
    await book(harness, (await openSlot(harness)).id, patientId);

    const dateOfDeath = new Date().toISOString().slice(0, 10);
    await harness.identity.recordDeath(patientId, dateOfDeath);
    const [cancelled] = await harness.tap.waitFor((m) => m.key === patientId && eventType(m) === CANCELLED);
    const [, traceId, publishedBy] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(cancelled.headers.traceparent) ?? [];
    expect(traceId).toBeDefined();

    // appointments: its relay's span is the one the header names; its parent, the handler's span.
    const local = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const publish = spanWithId(local, publishedBy);
    expect(publish).toMatchObject({ name: `publish ${TOPIC}`, kind: SpanKind.PRODUCER, attributes: { 'cloudevents.event_type': CANCELLED } });
    const handler = spanWithId(local, publish.parentSpanContext?.spanId);
    expect(handler).toMatchObject({
      name: 'process identity.patient.v1',
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'identity.patient.v1',
        'messaging.destination.partition.id': expect.any(String),
        'messaging.kafka.offset': expect.any(Number),
        'cloudevents.event_type': DECEASED,
      },
    });
    expect(local.filter((span) => span.kind === SpanKind.CONSUMER)).toHaveLength(1);
    // Where the event was and what it is, never what it says (IdentityClient registers Alex Taylor, born 1960-05-17).
    expect(JSON.stringify(handler.attributes)).not.toMatch(new RegExp(`Taylor|Alex|1960-05-17|${dateOfDeath}`));

    // identity: the handler's parent is its relay's span, whose parent is the HTTP request's span.
    const remote = await eventually('identity exported its spans of the trace', async () => {
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      return spans.some((span) => span.kind === OTLP_SERVER) && spans.some((span) => span.kind === OTLP_PRODUCER) ? spans : undefined;
    });
    const identityPublish = receivedWithId(remote, handler.parentSpanContext?.spanId);
    expect(identityPublish).toMatchObject({
      service: 'identity', kind: OTLP_PRODUCER, name: 'publish identity.patient.v1', attributes: { 'cloudevents.event_type': DECEASED },
    });
    const request = receivedWithId(remote, identityPublish.parentSpanId);
    expect(request).toMatchObject({ service: 'identity', kind: OTLP_SERVER, parentSpanId: '' });
    expect(request.attributes).toMatchObject({ 'http.request.method': 'PUT', 'url.path': `/patients/${patientId}/death` });
    // One producer span for the event (kafkajs's own send span is not made), and the request's queries under it.
    expect(remote.filter((span) => span.kind === OTLP_PRODUCER)).toHaveLength(1);
    expect(remote.filter((span) => span.name.startsWith('pg.query') && span.parentSpanId === request.spanId).length).toBeGreaterThan(0);
  });

  it("keeps a request's query values out of its span, as out of the logs", async () => {
    const lookup = await fetch(`${harness.process('identity').url}/patients?nhsNumber=9434765919&_count=5`, { headers: await defaultAuthorization() });
    expect(lookup.status).toBeLessThan(500);

    const [span] = await eventually('the lookup exported', async () => {
      const spans = receiver.spans.filter((s) => s.kind === OTLP_SERVER && s.attributes['url.path'] === '/patients' && s.attributes['url.query']);
      return spans.length > 0 ? spans : undefined;
    });
    expect(span.attributes['url.query']).toBe('nhsNumber=[redacted]&_count=[redacted]');
    expect(JSON.stringify(span.attributes)).not.toContain('9434765919');
  });
});

function spanWithId(spans: ReadableSpan[], spanId: string | undefined): ReadableSpan {
  const span = spans.find((candidate) => candidate.spanContext().spanId === spanId);
  if (!span) throw new Error(`no span ${spanId} among ${spans.map((s) => `${s.name} ${s.spanContext().spanId}`).join(', ')}`);
  return span;
}

function receivedWithId(spans: ReceivedSpan[], spanId: string | undefined): ReceivedSpan {
  const span = spans.find((candidate) => candidate.spanId === spanId);
  if (!span) throw new Error(`no span ${spanId} among ${spans.map((s) => `${s.name} ${s.spanId}`).join(', ')}`);
  return span;
}
