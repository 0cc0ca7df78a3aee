import { Controller, Inject, Optional } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IdentityEventType, PatientDeceased, PatientRecordsMerged, PatientRegistered } from '@care-events/contracts';
import { epochDaysToIsoDate } from '@care-events/domain-primitives';
import { EventContext } from '@care-events/transactional-messaging';
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
    await this.patients.addIfUnknown(ctx.manager, event.metadata.patientId);
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
    const { supersededPatientId, survivingPatientId } = event;
    await this.patients.addIfUnknown(ctx.manager, supersededPatientId);
    await this.patients.addIfUnknown(ctx.manager, survivingPatientId);
    const locked = await this.patients.lock(ctx.manager, [supersededPatientId, survivingPatientId]);
    const superseded = locked.get(supersededPatientId);
    if (!superseded) return;
    await this.patients.update(ctx.manager, { ...superseded, status: 'superseded', survivingPatientId });
    await this.hooks.onPatientsMerged?.({ supersededPatientId, survivingPatientId }, ctx);
  }
}
