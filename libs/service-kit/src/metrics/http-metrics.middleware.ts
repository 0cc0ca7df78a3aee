import { INestApplication } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { HttpMetrics, RoutedRequest } from './http-metrics';

/**
 * Counts every answer once it has been sent, in front of every other middleware: also those the
 * body reader (400, 413, 415), a guard (401), a pipe (400) or the router (404) gave, which a Nest
 * interceptor or module middleware would not see. The route is read then, once routing set it.
 */
export function countHttpRequests(app: INestApplication): void {
  const metrics = app.get(HttpMetrics);
  app.use((request: IncomingMessage & RoutedRequest, response: ServerResponse, next: () => void) => {
    const started = performance.now();
    response.once('finish', () => metrics.answered(request, response.statusCode, (performance.now() - started) / 1_000));
    next();
  });
}
