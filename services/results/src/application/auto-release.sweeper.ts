import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, PeriodicSweep } from '@care-events/service-kit';
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
export class AutoReleaseSweeper extends PeriodicSweep {
  constructor(
    @Inject(AUTO_RELEASE_CONFIG) private readonly config: AutoReleaseConfig,
    private readonly repository: ReportRepository,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {
    super(new Logger('AutoRelease'), () => config.sweepIntervalMs);
  }

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
