import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AllergyEnteredInError, AllergyRecorded, RecordsEventType } from '@care-events/contracts';
import { PatientDirectory } from '@care-events/patient-view';
import { EventContext } from '@care-events/transactional-messaging';
import { PatientAllergyRepository } from '../persistence/patient-allergy.repository';

/**
 * Keeps each patient's allergies from records.clinical.v1, for the allergy check. An allergy's
 * events can arrive in either order: after a merge, its recording is keyed by the superseded patient
 * and its entry in error by the survivor, on different partitions. Each handler locks the record
 * that now holds the patient's data, so a merge handled meanwhile moves the allergy with the rest.
 */
@Controller()
export class RecordsEventsConsumer {
  constructor(
    private readonly allergies: PatientAllergyRepository,
    private readonly directory: PatientDirectory,
  ) {}

  @EventPattern(RecordsEventType.AllergyRecorded)
  async allergyRecorded(@Payload() event: AllergyRecorded, @Ctx() ctx: EventContext): Promise<void> {
    const patient = await this.directory.lockCurrentRecordOf(ctx.manager, event.metadata.patientId);
    await this.allergies.recorded(ctx.manager, patient.patientId, { allergyId: event.allergyId, substance: event.substance });
  }

  @EventPattern(RecordsEventType.AllergyEnteredInError)
  async allergyEnteredInError(@Payload() event: AllergyEnteredInError, @Ctx() ctx: EventContext): Promise<void> {
    const patient = await this.directory.lockCurrentRecordOf(ctx.manager, event.metadata.patientId);
    await this.allergies.enteredInError(ctx.manager, patient.patientId, { allergyId: event.allergyId, substance: event.substance });
  }
}
