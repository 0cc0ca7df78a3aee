import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { CareRelationshipRepository } from '../persistence/care-relationship.repository';
import { CareRelationshipsService } from './care-relationships.service';
import { RELATIONSHIP_CONFIG, RelationshipConfig } from './relationship.config';

/** Patients taken per sweep; the rest wait for the next one. */
const BATCH = 500;

/**
 * Ends relationships whose scheduled end has passed (a follow's until, the window after an encounter,
 * appointment or result) and publishes their CareRelationshipEnded. Routing does not wait for it: a
 * relationship is inactive from its scheduled end whether or not the sweep has run. Each patient is
 * swept in a transaction of its own; a patient another transaction holds is left for the next sweep.
 */
@Injectable()
export class RelationshipExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RelationshipExpiry');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(RELATIONSHIP_CONFIG) private readonly config: RelationshipConfig,
    private readonly dataSource: DataSource,
    private readonly repository: CareRelationshipRepository,
    private readonly relationships: CareRelationshipsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: Error) => this.logger.warn(`relationship expiry sweep failed: ${error.message}`))
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
    const now = this.clock.now();
    let swept = 0;
    for (const patientId of await this.repository.patientsWithDue(this.dataSource.manager, now, BATCH)) {
      if (await this.relationships.expireDue(patientId, now)) swept++;
    }
    if (swept > 0) this.logger.log(`ended the due relationships of ${swept} patient(s)`);
  }
}
