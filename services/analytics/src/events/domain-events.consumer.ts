import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { AppointmentsEventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import type { Metadata, PatientDemographicsUpdated, PatientGpRegistrationChanged, PatientRecordsMerged, PatientRegistered } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { EventBatchContext, EventContext, eventRun } from '@care-events/transactional-messaging';
import { AnalyticsFeed, ClinicalEvent } from '../application/analytics-feed';
import { postcodeDistrict, yearOfBirth } from '../domain/generaliser';
import { AnalyticsPatientsRepository } from '../persistence/analytics-patients.repository';

/** The clinical events the feed may carry: every type of records, medications, appointments and results (merges are skipped by the feed). */
export const CLINICAL_EVENT_TYPES: string[] = [
  ...Object.values(RecordsEventType),
  ...Object.values(MedicationsEventType),
  ...Object.values(AppointmentsEventType),
  ...Object.values(ResultsEventType),
];

const shortName = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);

/**
 * identity's events teach the feed who each patient is (NHS number, year of birth, postcode district, practice,
 * gender: generalised on arrival, the rest never stored); the four clinical topics' events go through the feed.
 */
@Controller()
export class DomainEventsConsumer {
  constructor(private readonly feed: AnalyticsFeed, private readonly patients: AnalyticsPatientsRepository) {}

  @EventPattern(IdentityEventType.PatientRegistered)
  async registered(@Ctx() ctx: EventContext): Promise<void> {
    const event = ctx.event.value as PatientRegistered;
    await this.patients.upsert(ctx.manager, event.metadata.patientId, event.nhsNumber, {
      yearOfBirth: yearOfBirth(event.birthDate),
      postcodeDistrict: postcodeDistrict(event.address?.postcode),
      gender: event.gender,
      practiceOdsCode: event.registeredGpOdsCode,
    }, new Date(event.metadata.recordedAt));
    // Records that arrived before the patient's registration (another topic, another partition) go now.
    await this.feed.onPatientKnown(ctx.manager, event.metadata.patientId);
  }

  @EventPattern(IdentityEventType.PatientDemographicsUpdated)
  async demographicsUpdated(@Ctx() ctx: EventContext): Promise<void> {
    const event = ctx.event.value as PatientDemographicsUpdated;
    await this.patients.update(ctx.manager, event.metadata.patientId, {
      yearOfBirth: yearOfBirth(event.birthDate),
      postcodeDistrict: postcodeDistrict(event.address?.postcode),
      gender: event.gender,
    });
  }

  @EventPattern(IdentityEventType.PatientGpRegistrationChanged)
  async gpChanged(@Ctx() ctx: EventContext): Promise<void> {
    const event = ctx.event.value as PatientGpRegistrationChanged;
    await this.patients.update(ctx.manager, event.metadata.patientId, { practiceOdsCode: event.gpOdsCode });
  }

  @EventPattern(IdentityEventType.PatientRecordsMerged)
  async merged(@Ctx() ctx: EventContext): Promise<void> {
    const event = ctx.event.value as PatientRecordsMerged;
    await this.patients.supersede(ctx.manager, event.supersededPatientId, event.survivingPatientId);
  }

  @EventPattern(CLINICAL_EVENT_TYPES)
  async clinical(@Ctx() ctx: EventContext): Promise<void> {
    await this.feed.onClinicalEvent(ctx.manager, clinicalEvent(ctx.event));
  }

  /** A batch's run of consecutive clinical events of one type: the same effect as `clinical` on each, in fewer statements. */
  @EventPattern(CLINICAL_EVENT_TYPES.map(eventRun))
  async clinicalRun(@Ctx() run: EventBatchContext): Promise<void> {
    await this.feed.onClinicalEvents(run.manager, run.events.map(clinicalEvent));
  }
}

function clinicalEvent(event: ConsumedEvent): ClinicalEvent {
  const { metadata, ...body } = event.value as { metadata: Metadata } & Record<string, unknown>;
  return {
    eventType: shortName(event.eventType),
    eventId: metadata.eventId,
    patientId: metadata.patientId,
    occurredAt: metadata.occurredAt,
    odsCode: metadata.actor.odsCode,
    body,
  };
}
