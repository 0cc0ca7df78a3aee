import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, PeriodicSweep } from '@care-events/service-kit';
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
export class RelationshipExpirySweeper extends PeriodicSweep {
  constructor(
    @Inject(RELATIONSHIP_CONFIG) config: RelationshipConfig,
    private readonly dataSource: DataSource,
    private readonly repository: CareRelationshipRepository,
    private readonly relationships: CareRelationshipsService,
    private readonly clock: Clock,
  ) {
    super(new Logger('RelationshipExpiry'), () => config.sweepIntervalMs);
  }

  async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    let swept = 0;
    for (const patientId of await this.repository.patientsWithDue(this.dataSource.manager, now, BATCH)) {
      if (await this.relationships.expireDue(patientId, now)) swept++;
    }
    if (swept > 0) this.logger.log(`ended the due relationships of ${swept} patient(s)`);
  }
}
