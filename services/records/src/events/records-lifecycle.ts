import { Injectable } from '@nestjs/common';
import { PatientLifecycleHooks, PatientMerge } from '@care-events/patient-view';
import { Clock } from '@care-events/service-kit';
import { EventContext, OutboxWriter } from '@care-events/transactional-messaging';
import { AllergyRepository, ConditionRepository, EncounterRepository } from '../persistence/records.repositories';
import { clinicalRecordsMerged, MovedRecords } from './records-merged-event';

/**
 * A merge in identity moves the superseded patient's clinical record to the survivor. A death
 * changes nothing here: findings recorded after death (post-mortem) are still accepted.
 */
@Injectable()
export class RecordsLifecycle implements PatientLifecycleHooks {
  constructor(
    private readonly allergies: AllergyRepository,
    private readonly conditions: ConditionRepository,
    private readonly encounters: EncounterRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async onPatientsMerged({ supersededPatientId, survivingPatientId }: PatientMerge, ctx: EventContext): Promise<void> {
    const move = (repository: AllergyRepository | ConditionRepository | EncounterRepository) =>
      repository.moveToPatient(ctx.manager, supersededPatientId, survivingPatientId);
    const moved: MovedRecords = {
      allergyIds: await move(this.allergies),
      conditionIds: await move(this.conditions),
      encounterIds: await move(this.encounters),
    };
    if (Object.values(moved).every((ids) => ids.length === 0)) return;
    const event = clinicalRecordsMerged(supersededPatientId, survivingPatientId, moved, ctx.commandContext(), this.clock.now());
    await this.outbox.append(ctx.manager, [event]);
  }
}
