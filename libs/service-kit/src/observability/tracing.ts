import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry before anything else loads: incoming `traceparent` headers continue the
 * caller's trace, and the outbox stores the active context so the trace follows the event onto
 * Kafka. Spans are exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export function startTracing(service: string): void {
  if (sdk) return;
  process.env.OTEL_SERVICE_NAME ??= service;
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({ instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health') ?? false })] });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
