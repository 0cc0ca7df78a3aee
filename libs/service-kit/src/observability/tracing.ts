import { ProxyTracerProvider } from '@opentelemetry/api';
import { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

// On the global object rather than in this module: in the image the preload and the service are
// separate bundles, each with a copy of this file, and the service's shutdown flushes the preload's SDK.
const SDK = Symbol.for('care-events.tracing.sdk');
const running = globalThis as { [SDK]?: NodeSDK };

export interface TracingOptions {
  /** Where spans go instead of the OTLP exporter of the environment (tests: an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts OpenTelemetry, from the tracing preload (tracing-preload.ts), before Nest, pg and kafkajs
 * load: instrumentation patches a module as it is first required. Incoming `traceparent` headers
 * continue the caller's trace, and the outbox stores the active context so the trace follows the
 * event onto Kafka. Spans are exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 *
 * The spans of messaging are the libraries' own, not kafkajs's: the outbox relay makes one producer
 * span per row, parented on the context the row stored (outbox/relay-tracing.ts), and the consumer
 * one span per event handled, parented on the event's `traceparent` (messaging/event-tracing.ts).
 * kafkajs's instrumentation cannot give that shape: it would start one `send` span per message under
 * whatever context the relay loop is in, writing that span over the row's stored `traceparent`, and
 * for a batch consumer one new trace per fetched batch whose per-message spans are only linked and
 * not active while each event is handled. It would also double the consumer span of every event.
 * So it is kept for its client metrics only (request durations, messages sent and consumed, exported
 * when OTEL_METRICS_EXPORTER is set), with a tracer that records nothing.
 */
export function startTracing(service: string, options: TracingOptions = {}): void {
  if (running[SDK]) return;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const kafkajs = new KafkaJsInstrumentation();
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || service,
    // None at all without an endpoint: no tracer provider, so spans cost nothing, yet the propagator
    // still carries an incoming `traceparent` through the outbox onto Kafka.
    spanProcessors: options.spanProcessors ?? (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? undefined : []),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health') ?? false,
        requestHook: (span, request) => {
          // The instrumentation redacts only the values of parameters it knows as credentials.
          const query = request instanceof IncomingMessage ? request.url?.split('?')[1] : undefined;
          if (query) span.setAttribute('url.query', withoutValues(query));
        },
      }),
      // Only queries inside a request's or an event's span: the relay's polls, leadership checks and
      // readiness probes would otherwise each start a trace of their own, every few seconds.
      new PgInstrumentation({ requireParentSpan: true }),
      kafkajs,
    ],
  });
  sdk.start();
  running[SDK] = sdk;
  // A provider without a delegate gives the no-op tracer: kafkajs's spans are not made at all.
  kafkajs.setTracerProvider(new ProxyTracerProvider());
}

/**
 * A request's query as its span keeps it: the names, not their values (`nhsNumber=[redacted]`), as the
 * request logs write it. Not messaging's redactQueryValues: importing that library here would load
 * kafkajs before the preload has instrumented it.
 */
const withoutValues = (query: string): string => query.replace(/(^|&)([^=&#]+)=[^&#]*/g, '$1$2=[redacted]');

export async function stopTracing(): Promise<void> {
  const sdk = running[SDK];
  running[SDK] = undefined;
  await sdk?.shutdown();
}
