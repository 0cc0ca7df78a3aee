/** Runs TypeScript sources (SWC, path aliases), as every node command of the repository does. */
export const TYPESCRIPT_LOADER = './tools/register.js';

/** Starts OpenTelemetry before the service's first import (see the preload's own comment). */
export const TRACING_PRELOAD = './libs/service-kit/src/observability/tracing-preload.ts';

/**
 * node's arguments for a service's entry file, from the workspace root: the same command as the
 * image's, on the sources. Used by `npm start` and by the tests' service processes.
 */
export function serviceNodeArguments(entry: string): string[] {
  return ['-r', TYPESCRIPT_LOADER, '-r', TRACING_PRELOAD, entry];
}
