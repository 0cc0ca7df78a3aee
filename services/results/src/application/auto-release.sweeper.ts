import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@care-events/service-kit';
import { ReportRepository } from '../persistence/report.repository';
import { AUTO_RELEASE_CONFIG, AutoReleaseConfig } from './auto-release.config';
import { ReportsService } from './reports.service';

const MINUTE = 60_000;
/** Reports taken per sweep; the rest wait for the next one. */
const BATCH = 100;

/**
 * Releases due reports on a timer. Each report is released in a transaction of its own, so that
 * several instances can sweep at once: a report another instance holds is skipped.
 */
@Injectable()
export class AutoReleaseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AutoRelease');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(AUTO_RELEASE_CONFIG) private readonly config: AutoReleaseConfig,
    private readonly repository: ReportRepository,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: Error) => this.logger.warn(`auto-release sweep failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep now: the timer runs these, and a test can run one and know it finished. */
  async sweepOnce(): Promise<void> {
    const delayMs = this.config.delayMinutes * MINUTE;
    const candidates = await this.repository.autoReleaseCandidates(new Date(this.clock.now().getTime() - delayMs), BATCH);
    let released = 0;
    for (const candidate of candidates) {
      if (await this.reports.autoRelease(candidate, delayMs)) released++;
    }
    if (released > 0) this.logger.log(`released ${released} normal final report(s) to their patients`);
  }
}
