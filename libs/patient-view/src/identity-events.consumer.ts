import { Controller, Inject, Optional } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IdentityEventType, PatientDeceased, PatientRecordsMerged, PatientRegistered } from '@care-events/contracts';
import { epochDaysToIsoDate } from '@care-events/domain-primitives';
import { EventBatchContext, EventContext, eventRun } from '@care-events/transactional-messaging';
import { KnownPatientRepository } from './known-patient.repository';
import { PATIENT_LIFECYCLE_HOOKS, PatientLifecycleHooks } from './patient-lifecycle-hooks';

/**
 * Keeps the service's view of patients from identity.patient.v1, then lets the service act on a
 * death or a merge (its PatientLifecycleHooks) in the same transaction as the view change.
 */
@Controller()
export class IdentityEventsConsumer {
  constructor(
    private readonly patients: KnownPatientRepository,
    @Optional() @Inject(PATIENT_LIFECYCLE_HOOKS) private readonly hooks: PatientLifecycleHooks = {},
  ) {}

  @EventPattern(IdentityEventType.PatientRegistered)
  async registered(@Payload() event: PatientRegistered, @Ctx() ctx: EventContext): Promise<void> {
    await this.patients.addRegistered(ctx.manager, event.metadata.patientId, event.nhsNumber);
  }

  /** Registrations that follow one another in a batch, in one statement: the same rows as `registered` one by one. */
  @EventPattern(eventRun(IdentityEventType.PatientRegistered))
  async registeredRun(@Ctx() run: EventBatchContext): Promise<void> {
    await this.patients.addAllRegistered(run.manager, run.events.map(({ value }) => ({ patientId: (value as PatientRegistered).metadata.patientId, nhsNumber: (value as PatientRegistered).nhsNumber })));
  }

  @EventPattern(IdentityEventType.PatientDeceased)
  async deceased(@Payload() event: PatientDeceased, @Ctx() ctx: EventContext): Promise<void> {
    const patientId = event.metadata.patientId;
    await this.patients.addIfUnknown(ctx.manager, patientId);
    const patient = (await this.patients.lock(ctx.manager, [patientId])).get(patientId);
    if (!patient) return;
    const dateOfDeath = epochDaysToIsoDate(event.dateOfDeath);
    // A superseded record keeps pointing at its survivor; its death matters no more here.
    if (patient.status !== 'superseded') await this.patients.update(ctx.manager, { ...patient, status: 'deceased', dateOfDeath });
    await this.hooks.onPatientDeceased?.({ patientId, dateOfDeath, correction: event.correction }, ctx);
  }

  @EventPattern(IdentityEventType.PatientRecordsMerged)
  async merged(@Payload() event: PatientRecordsMerged, @Ctx() ctx: EventContext): Promise<void> {
    const { supersededPatientId } = event;
    await this.patients.addIfUnknown(ctx.manager, supersededPatientId);
    await this.patients.addIfUnknown(ctx.manager, event.survivingPatientId);
    const superseded = (await this.patients.lock(ctx.manager, [supersededPatientId, event.survivingPatientId])).get(supersededPatientId);
    // The named survivor may be superseded already: its own merge is keyed by it, so another
    // partition can deliver that merge first. The data goes to the end of the chain.
    const survivor = await this.patients.lockCurrentRecord(ctx.manager, event.survivingPatientId);
    if (!superseded || !survivor) return;
    const survivingPatientId = survivor.patientId;
    await this.patients.update(ctx.manager, { ...superseded, status: 'superseded', survivingPatientId });
    await this.hooks.onPatientsMerged?.({ supersededPatientId, survivingPatientId }, ctx);
    if (survivor.status === 'deceased' && survivor.dateOfDeath) {
      // What the merge brought has not been through the survivor's death yet.
      await this.hooks.onPatientDeceased?.({ patientId: survivingPatientId, dateOfDeath: survivor.dateOfDeath, correction: false }, ctx);
    }
  }
}
