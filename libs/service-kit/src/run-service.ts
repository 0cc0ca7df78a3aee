import { Type } from '@nestjs/common';
import { startServiceApp } from './service-app';
import { stopTracing } from './observability/tracing';

/**
 * A service's main: start, then shut down gracefully on SIGTERM/SIGINT. Bad configuration exits 1 with its reasons.
 * Tracing was started by the tracing preload before anything loaded; the shutdown flushes it.
 */
export async function runService(name: string, loadModule: () => Promise<Type<unknown>>): Promise<void> {
  try {
    const service = await startServiceApp(await loadModule());
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`${JSON.stringify({ level: 30, service: name, msg: `${signal}: shutting down` })}\n`);
      await service.shutdown();
      await stopTracing();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
