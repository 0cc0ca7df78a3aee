import { Injectable } from '@nestjs/common';
import { PatientLifecycleHooks, PatientMerge } from '@care-events/patient-view';
import { Clock } from '@care-events/service-kit';
import { EventContext, OutboxWriter } from '@care-events/transactional-messaging';
import { MedicationRepository } from '../persistence/medication.repository';
import { PatientAllergyRepository } from '../persistence/patient-allergy.repository';
import { medicationsMerged } from './medication-events';

/** When identity merges two records, the superseded record's medications and allergies move to the survivor. */
@Injectable()
export class MedicationsLifecycle implements PatientLifecycleHooks {
  constructor(
    private readonly medications: MedicationRepository,
    private readonly allergies: PatientAllergyRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async onPatientsMerged(merge: PatientMerge, ctx: EventContext): Promise<void> {
    const { supersededPatientId, survivingPatientId } = merge;
    await this.allergies.moveToPatient(ctx.manager, supersededPatientId, survivingPatientId);
    const moved = await this.medications.moveToPatient(ctx.manager, supersededPatientId, survivingPatientId);
    if (moved.length === 0) return;
    await this.outbox.append(ctx.manager, [medicationsMerged(merge, moved, ctx.commandContext(), this.clock.now())]);
  }
}
