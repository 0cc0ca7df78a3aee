import {
  CourseType, MedicationDispensed, MedicationDoseChanged, MedicationPrescribed, MedicationRoute, MedicationsEventType, MedicationsMerged, MedicationStopped,
} from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Dispensation, Medication } from '../domain/medication';

type Body<T> = Omit<T, 'metadata'>;

/** The events on medications.medication.v1, keyed by the medication's patient. */
export function medicationPrescribed(medication: Medication, context: CommandContext, now: Date): DomainEvent {
  const body: Body<MedicationPrescribed> = {
    medicationId: medication.id,
    medicine: medication.medicine,
    dosageText: medication.dosageText,
    route: medication.route.toUpperCase() as MedicationRoute,
    quantity: medication.quantity,
    courseType: medication.courseType.toUpperCase() as CourseType,
    prescriber: medication.prescriber,
    allergyOverride: medication.allergyOverride,
  };
  return event(MedicationsEventType.MedicationPrescribed, medication.patientId, body, context, now);
}

export function medicationDoseChanged(medication: Medication, previousDosageText: string, context: CommandContext, now: Date): DomainEvent {
  const body: Body<MedicationDoseChanged> = {
    medicationId: medication.id,
    medicine: medication.medicine,
    previousDosageText,
    dosageText: medication.dosageText,
  };
  return event(MedicationsEventType.MedicationDoseChanged, medication.patientId, body, context, now);
}

export function medicationStopped(medication: Medication, reason: string, context: CommandContext, now: Date): DomainEvent {
  const body: Body<MedicationStopped> = { medicationId: medication.id, medicine: medication.medicine, reason };
  return event(MedicationsEventType.MedicationStopped, medication.patientId, body, context, now);
}

export function medicationDispensed(medication: Medication, dispensation: Dispensation, context: CommandContext, now: Date): DomainEvent {
  const body: Body<MedicationDispensed> = {
    medicationId: medication.id,
    medicine: medication.medicine,
    dispensationId: dispensation.id,
    pharmacyOdsCode: dispensation.pharmacyOdsCode,
    quantity: dispensation.quantity,
  };
  return event(MedicationsEventType.MedicationDispensed, medication.patientId, body, context, now);
}

/** Keyed by the surviving patient, so it follows the survivor's other events in order. */
export function medicationsMerged(merge: Omit<Body<MedicationsMerged>, 'medicationIds'>, medicationIds: string[], context: CommandContext, now: Date): DomainEvent {
  return event(MedicationsEventType.MedicationsMerged, merge.survivingPatientId, { ...merge, medicationIds }, context, now);
}

function event(type: MedicationsEventType, patientId: string, body: object, context: CommandContext, now: Date): DomainEvent {
  return { type, value: { metadata: eventMetadata(context, patientId, now), ...body } };
}
