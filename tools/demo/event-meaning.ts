import { EventByType, EventType, Metadata, Observation } from '@care-events/contracts';

type Describe<T extends EventType> = (event: EventByType[T]) => string;

const by = (metadata: Metadata) => metadata.actor.odsCode ?? `${metadata.actor.type.toLowerCase()} ${metadata.actor.id}`;
// Avro dates count days since 1970-01-01; timestamps count milliseconds.
const day = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);
const minute = (millis: number) => new Date(millis).toISOString().slice(0, 16).replace('T', ' ');
export const spacedNhsNumber = (digits: string) => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
const lower = (value: string) => value.toLowerCase().replace(/_/g, ' ');

// UCUM's unit 1 counts tablets or capsules.
const amount = (quantity: { value: number; unit: string }) => (quantity.unit === '1' ? `${quantity.value}` : `${quantity.value} ${quantity.unit}`);

function observation(found: Observation): string {
  return `${found.code.term} ${found.value} ${found.unit} (${found.interpretation}${found.critical ? ', CRITICAL' : ''})`;
}

/** One line of meaning for the event types the journey shows; other types fall back to their name. */
const MEANINGS: { [T in EventType]?: Describe<T> } = {
  'care.events.identity.PatientRegistered': (e) =>
    `NHS ${spacedNhsNumber(e.nhsNumber)}, born ${day(e.birthDate)}, ${lower(e.gender)}: registered at ${e.registeredGpOdsCode}` +
    (e.nominatedPharmacyOdsCode ? `, nominated pharmacy ${e.nominatedPharmacyOdsCode}` : '') + (e.sensitive ? ' (sensitive record)' : ''),
  'care.events.identity.PatientGpRegistrationChanged': (e) => `GP practice ${e.previousGpOdsCode ?? 'none'} → ${e.gpOdsCode}`,
  'care.events.identity.PatientNominatedPharmacyChanged': (e) => `nominated pharmacy ${e.previousPharmacyOdsCode ?? 'none'} → ${e.pharmacyOdsCode ?? 'none'}`,
  'care.events.identity.PatientDeceased': (e) => `died on ${day(e.dateOfDeath)}${e.correction ? ' (corrected date)' : ''}`,
  'care.events.records.AllergyRecorded': (e) =>
    `${e.substance.term} ${lower(e.type)}, ${lower(e.severity)}, criticality ${lower(e.criticality)}` +
    (e.reaction ? `, reaction ${e.reaction.manifestation.term.toLowerCase()}` : '') + `: recorded by ${e.recordedBy.odsCode}`,
  'care.events.records.EncounterStarted': (e) => `${lower(e.setting)} encounter at ${e.odsCode} started ${minute(e.startedAt)}`,
  'care.events.records.EncounterEnded': (e) => `${lower(e.setting)} encounter at ${e.odsCode} ended ${minute(e.endedAt)}`,
  'care.events.medications.MedicationPrescribed': (e) => `${e.medicine.term}, ${e.dosageText.toLowerCase()}: prescribed by ${e.prescriber.odsCode}`,
  'care.events.medications.MedicationDoseChanged': (e) => `${e.medicine.term}: dose "${e.previousDosageText}" → "${e.dosageText}" by ${by(e.metadata)}`,
  'care.events.medications.MedicationStopped': (e) => `${e.medicine.term}: stopped by ${by(e.metadata)}, reason: ${e.reason}`,
  'care.events.medications.MedicationDispensed': (e) => `${e.medicine.term}: ${amount(e.quantity)} supplied by ${e.pharmacyOdsCode}`,
  'care.events.appointments.AppointmentBooked': (e) => `${e.service} at ${e.odsCode}, ${minute(e.start)} UTC: booked by ${lower(e.bookedBy)}`,
  'care.events.appointments.AppointmentCancelled': (e) => `appointment on ${minute(e.start)} UTC cancelled by ${lower(e.cancelledBy)}: ${e.reason}`,
  'care.events.results.ResultReported': (e) =>
    `${e.testCode.term} (${lower(e.status)}): ${e.observations.map(observation).join('; ')}: requested by ${e.requestingOdsCode}`,
};

/** The event type without its namespace, e.g. MedicationStopped. */
export const shortName = (eventType: string) => eventType.slice(eventType.lastIndexOf('.') + 1);

export function meaningOf(eventType: string, event: unknown): string {
  const describe = MEANINGS[eventType as EventType] as ((value: unknown) => string) | undefined;
  return describe ? describe(event) : shortName(eventType);
}
