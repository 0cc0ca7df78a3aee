import { Injectable, NestMiddleware } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { HttpMetrics, RoutedRequest } from './http-metrics';

/**
 * Counts every answer when it has been sent: also those a guard (401), a pipe (400) or the router
 * (404) gave, which an interceptor would not see. The route is read then, once routing set it.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const started = performance.now();
    response.once('finish', () => this.metrics.answered(request as IncomingMessage & RoutedRequest, response.statusCode, (performance.now() - started) / 1_000));
    next();
  }
}
