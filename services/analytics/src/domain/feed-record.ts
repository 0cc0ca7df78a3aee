import type { QuasiIdentifiers } from './generaliser';
import type { Pseudonymiser } from './pseudonymiser';
import type { ClinicalRecordType } from './recipient';

/** A domain event as the feed reads it: its short type name, body and metadata. */
export interface SourceEvent {
  eventType: string;
  eventId: string;
  occurredAt: number;
  body: Record<string, unknown>;
}

/** Which analytics record type each clinical event becomes, and which id of it is re-keyed. */
const SOURCES: Record<string, { type: ClinicalRecordType; id: string }> = {
  AllergyRecorded: { type: 'allergy', id: 'allergyId' },
  AllergyEnteredInError: { type: 'allergy', id: 'allergyId' },
  ConditionRecorded: { type: 'condition', id: 'conditionId' },
  ConditionResolved: { type: 'condition', id: 'conditionId' },
  EncounterStarted: { type: 'encounter', id: 'encounterId' },
  EncounterEnded: { type: 'encounter', id: 'encounterId' },
  MedicationPrescribed: { type: 'medication', id: 'medicationId' },
  MedicationDoseChanged: { type: 'medication', id: 'medicationId' },
  MedicationStopped: { type: 'medication', id: 'medicationId' },
  MedicationDispensed: { type: 'medication', id: 'medicationId' },
  AppointmentBooked: { type: 'appointment', id: 'appointmentId' },
  AppointmentRescheduled: { type: 'appointment', id: 'appointmentId' },
  AppointmentCancelled: { type: 'appointment', id: 'appointmentId' },
  AppointmentAttended: { type: 'appointment', id: 'appointmentId' },
  AppointmentMissed: { type: 'appointment', id: 'appointmentId' },
  ResultReported: { type: 'result', id: 'reportId' },
  ResultAmended: { type: 'result', id: 'reportId' },
  ResultReleasedToPatient: { type: 'result', id: 'reportId' },
};

/** The analytics record type of a clinical event, or undefined for events the feed does not carry (merges, identity). */
export function recordTypeOf(eventType: string): ClinicalRecordType | undefined {
  return SOURCES[eventType]?.type;
}

export interface FeedRecord {
  type: ClinicalRecordType;
  key: string;
  eventId: string;
  value: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const day = (epochMs: number) => Math.floor(epochMs / DAY_MS);

/**
 * The record one recipient receives for a clinical event: pseudonym, re-keyed ids, generalised
 * quasi-identifiers and the coded clinical content. Free text (reasons, dosage text, descriptions),
 * practitioners and exact times are left out by construction: only the fields named here are copied.
 */
export function feedRecord(event: SourceEvent, nhsNumber: string, identifiers: QuasiIdentifiers, keys: Pseudonymiser): FeedRecord | undefined {
  const source = SOURCES[event.eventType];
  if (!source) return undefined;
  const pseudonym = keys.pseudonym(nhsNumber);
  const eventId = keys.eventId(event.eventId);
  const b = event.body;
  const ref = keys.ref(source.id, String(b[source.id]));
  const envelope = { eventId, eventType: event.eventType, occurredOn: day(event.occurredAt), patient: { pseudonym, keyVersion: keys.keyVersion, ...identifiers } };
  return { type: source.type, key: pseudonym, eventId, value: { ...envelope, ...clinical(source.type, b, ref) } };
}

function clinical(type: ClinicalRecordType, b: Record<string, unknown>, ref: string): Record<string, unknown> {
  const concept = (value: unknown) => {
    const c = value as { conceptId: string; term: string };
    return { conceptId: c.conceptId, term: c.term };
  };
  const orNull = (value: unknown) => (value === undefined ? null : value);
  switch (type) {
    case 'allergy':
      return { allergyRef: ref, substance: concept(b.substance), severity: orNull(b.severity), criticality: orNull(b.criticality) };
    case 'condition':
      return { conditionRef: ref, code: concept(b.code), clinicalStatus: b.clinicalStatus ?? 'RESOLVED' };
    case 'encounter':
      return { encounterRef: ref, setting: b.setting, organisationOdsCode: b.odsCode };
    case 'medication': {
      const medicine = b.medicine as { dmdId: string; term: string };
      return { medicationRef: ref, medicine: { dmdId: medicine.dmdId, term: medicine.term }, route: orNull(b.route), courseType: orNull(b.courseType) };
    }
    case 'appointment':
      return { appointmentRef: ref, startsOn: day(b.start as number), service: orNull(b.service), organisationOdsCode: orNull(b.odsCode) };
    case 'result': {
      const observations = (b.observations as Array<Record<string, unknown>> | undefined) ?? [];
      return {
        reportRef: ref,
        observations: observations.map((o) => ({ code: concept(o.code), value: o.value, unit: o.unit, interpretation: o.interpretation })),
      };
    }
  }
}

/** The record telling a recipient's sinks to delete every row of a pseudonym. */
export function withdrawalRecord(nhsNumber: string, withdrawalId: string, listCheckedAt: Date, keys: Pseudonymiser): { key: string; eventId: string; value: Record<string, unknown> } {
  const pseudonym = keys.pseudonym(nhsNumber);
  const eventId = keys.eventId(`withdrawal:${withdrawalId}`);
  return { key: pseudonym, eventId, value: { eventId, pseudonym, keyVersion: keys.keyVersion, withdrawnOn: day(listCheckedAt.getTime()) } };
}

/** Organisations whose records type 1 dissent covers: GP practices, whose ODS codes are a letter and five digits. */
export function isGpSourced(odsCode: string | null | undefined): boolean {
  return !!odsCode && /^[A-Z]\d{5}$/.test(odsCode);
}
