import { Injectable, NestMiddleware } from '@nestjs/common';
import { context, propagation, trace } from '@opentelemetry/api';
import { IncomingMessage } from 'node:http';

/**
 * Continues the caller's trace when no HTTP instrumentation has already done so: the incoming
 * `traceparent` becomes the active context, which the outbox stores with each event.
 */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(request: IncomingMessage, _response: unknown, next: () => void): void {
    if (trace.getSpan(context.active())) return next();
    context.with(propagation.extract(context.active(), request.headers), next);
  }
}
