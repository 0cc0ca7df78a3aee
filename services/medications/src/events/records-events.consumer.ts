import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AllergyEnteredInError, AllergyRecorded, RecordsEventType } from '@care-events/contracts';
import { PatientDirectory } from '@care-events/patient-view';
import { EventContext } from '@care-events/transactional-messaging';
import { PatientAllergyRepository } from '../persistence/patient-allergy.repository';

/**
 * Keeps each patient's active allergies from records.clinical.v1, for the allergy check. Merges
 * need nothing here: this service moves its own allergy rows when identity merges patients.
 */
@Controller()
export class RecordsEventsConsumer {
  constructor(
    private readonly allergies: PatientAllergyRepository,
    private readonly directory: PatientDirectory,
  ) {}

  @EventPattern(RecordsEventType.AllergyRecorded)
  async allergyRecorded(@Payload() event: AllergyRecorded, @Ctx() ctx: EventContext): Promise<void> {
    // An allergy recorded late against a merged-away record belongs to the survivor.
    const patientId = await this.directory.currentRecordOf(ctx.manager, event.metadata.patientId);
    await this.allergies.add(ctx.manager, patientId, { allergyId: event.allergyId, substance: event.substance });
  }

  @EventPattern(RecordsEventType.AllergyEnteredInError)
  async allergyEnteredInError(@Payload() event: AllergyEnteredInError, @Ctx() ctx: EventContext): Promise<void> {
    await this.allergies.remove(ctx.manager, event.allergyId);
  }
}
