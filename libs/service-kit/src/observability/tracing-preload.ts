/**
 * Loaded with `node -r` ahead of a service's entry: `-r ./tools/register.js -r
 * ./libs/service-kit/src/observability/tracing-preload.ts services/<name>/src/main.ts` from the sources
 * (`npm start`, the tests' service processes: local-platform's service-command.ts), or its bundle
 * ahead of `dist/services/<name>/main.js` in the image. OpenTelemetry then starts before the
 * service's first import, so Nest's HTTP server, pg and kafkajs are instrumented when they load.
 * The service's name is SERVICE (as the image sets it), else the one its entry's path names.
 */
import { startTracing } from './tracing';

const entry = process.argv[1] ?? '';
startTracing(process.env.SERVICE || (/services[\\/]([^\\/]+)[\\/]/.exec(entry)?.[1] ?? 'care-events'));
