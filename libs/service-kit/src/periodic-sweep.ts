import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Work a service does on a timer (releasing due reports, ending due relationships). One sweep runs
 * at a time; a failed sweep is logged and the next tick tries again; shutdown waits for the sweep
 * in progress. Subclasses give `sweepOnce`, which a test can also call and know it finished.
 */
export abstract class PeriodicSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  protected constructor(protected readonly logger: Logger, private readonly intervalMs: () => number) {}

  abstract sweepOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs());
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
