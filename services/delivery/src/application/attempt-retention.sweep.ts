import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, PeriodicSweep } from '@care-events/service-kit';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';

const DAY_MS = 86_400_000;

/** Attempts are kept DELIVERY_ATTEMPT_RETENTION_DAYS for the care settings to read, then pruned hourly. */
@Injectable()
export class AttemptRetentionSweep extends PeriodicSweep {
  constructor(private readonly dataSource: DataSource, private readonly clock: Clock, @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'attemptRetentionDays'>) {
    super(new Logger('AttemptRetentionSweep'), () => DAY_MS / 24);
  }

  async sweepOnce(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.attemptRetentionDays * DAY_MS);
    await this.dataSource.query('delete from delivery_attempt where started_at < $1', [before]);
  }
}
