import type {
  Actor, AllergyCriticality, AllergySeverity, AllergyType, AllergyVerificationStatus, AppointmentsEventType, BookedBy, CancelledBy,
  ConditionClinicalStatus, CourseType, EncounterSetting, EventByType, Gender, IdentityEventType, Interpretation, MedicationRoute,
  MedicationsEventType, Practitioner, RecordsEventType, ReportStatus, ResultsEventType, SnomedConcept,
} from '@care-events/contracts';

/*
 * One patient's shared care record, folded from the five domain topics. Field names and enum values
 * are those of the events (libs/contracts); codes carry their code system so the record reads on
 * its own. Dates are ISO dates (YYYY-MM-DD), instants ISO timestamps (UTC).
 */

export const SNOMED_CT = 'http://snomed.info/sct';
export const DMD = 'https://dmd.nhs.uk';
export const UCUM = 'http://unitsofmeasure.org';

export interface SnomedCoding { system: typeof SNOMED_CT; code: string; display: string }
export interface DmdCoding { system: typeof DMD; code: string; display: string }

/** Non-sensitive demographics only: address and contact details are never kept here. */
export interface CareDemographics {
  name: { prefix: string | null; given: string[]; family: string };
  birthDate: string;
  gender: Gender;
}

/** An active allergy; one entered in error is removed from the record. */
export interface CareAllergy {
  allergyId: string;
  substance: SnomedCoding;
  type: AllergyType;
  reaction: { manifestation: SnomedCoding; description: string | null } | null;
  severity: AllergySeverity;
  criticality: AllergyCriticality;
  verificationStatus: AllergyVerificationStatus;
  onsetDate: string | null;
  recordedBy: Practitioner;
  recordedAt: string;
}

export interface CareProblem {
  conditionId: string;
  code: SnomedCoding;
  clinicalStatus: ConditionClinicalStatus;
  onsetDate: string | null;
  resolvedDate: string | null;
  /** Null when only the resolution was seen. */
  recordedBy: Practitioner | null;
  recordedAt: string;
}

export interface CareMedication {
  medicationId: string;
  medicine: DmdCoding;
  /** The latest dosage instructions. */
  dosageText: string;
  route: MedicationRoute;
  /** Quantity per issue; unit is a UCUM code. */
  quantity: { value: number; unit: string };
  courseType: CourseType;
  status: 'ACTIVE' | 'STOPPED';
  prescriber: Practitioner;
  prescribedAt: string;
  /** Set when the prescriber overrode an allergy warning. */
  allergyOverride: { reason: string; allergyIds: string[] } | null;
  doseChangedAt: string | null;
  lastDispensed: { dispensedAt: string; pharmacyOdsCode: string; quantity: { value: number; unit: string } } | null;
  stoppedAt: string | null;
  stoppedBy: Actor | null;
  stopReason: string | null;
}

export interface CareObservation {
  code: SnomedCoding;
  value: number;
  /** UCUM code. */
  unit: string;
  referenceRange: { low: number | null; high: number | null } | null;
  interpretation: Interpretation;
  critical: boolean;
}

/** The current version of a diagnostic report. */
export interface CareResult {
  reportId: string;
  version: number;
  testCode: SnomedCoding;
  status: ReportStatus;
  performingLabOdsCode: string;
  requestingOdsCode: string;
  effectiveAt: string | null;
  /** When the current version was issued (reported or amended). */
  issuedAt: string;
  critical: boolean;
  /** True when the current version was released to the patient; an amendment is not until released itself. */
  released: boolean;
  /** Why the current version amended the one before; null for version 1. */
  amendmentReason: string | null;
  observations: CareObservation[];
}

export interface CareAppointment {
  appointmentId: string;
  slotId: string;
  odsCode: string;
  service: string;
  start: string;
  end: string;
  status: 'BOOKED' | 'ATTENDED' | 'MISSED' | 'CANCELLED';
  bookedBy: BookedBy;
  cancellation: { cancelledBy: CancelledBy; reason: string } | null;
}

export interface CareEncounter {
  encounterId: string;
  setting: EncounterSetting;
  odsCode: string;
  startedAt: string;
  endedAt: string | null;
  reason: SnomedCoding | null;
}

export interface CareRecord {
  patientId: string;
  /** Null until identity's PatientRegistered was applied (other topics may be read first). */
  nhsNumber: string | null;
  sensitive: boolean;
  demographics: CareDemographics | null;
  registeredGpOdsCode: string | null;
  nominatedPharmacyOdsCode: string | null;
  deceased: { dateOfDeath: string } | null;
  /** The record this one was merged into; its clinical entries now live there. */
  supersededBy: string | null;
  /** Latest recorded first. */
  allergies: CareAllergy[];
  /** Latest recorded first. */
  problems: CareProblem[];
  /** Active first, then stopped; latest prescribed first within each. */
  medications: CareMedication[];
  /** Latest issued first. */
  results: CareResult[];
  /** By start, earliest first. */
  appointments: CareAppointment[];
  /** Latest started first. */
  encounters: CareEncounter[];
}

/** The event types a care record folds: every type of the five domain topics. */
export type CareEventType = IdentityEventType | RecordsEventType | MedicationsEventType | AppointmentsEventType | ResultsEventType;
export type CareEvent = { [T in CareEventType]: { type: T; payload: EventByType[T] } }[CareEventType];

/** The merges of the clinical topics: each moves the entries it lists from the superseded record to the surviving one. */
export type EntriesMergeEvent = Extract<
  CareEvent,
  { type: 'care.events.records.ClinicalRecordsMerged' | 'care.events.medications.MedicationsMerged' | 'care.events.appointments.AppointmentsMerged' | 'care.events.results.ResultsMerged' }
>;
/** Events about one patient's record alone. */
export type PatientCareEvent = Exclude<CareEvent, EntriesMergeEvent>;

export function emptyCareRecord(patientId: string): CareRecord {
  return {
    patientId, nhsNumber: null, sensitive: false, demographics: null, registeredGpOdsCode: null, nominatedPharmacyOdsCode: null, deceased: null,
    supersededBy: null, allergies: [], problems: [], medications: [], results: [], appointments: [], encounters: [],
  };
}

/**
 * The record after one event about it: a new value, the input is not changed. Entries an event
 * names but the record does not hold (their first event was never seen) are left alone, since a
 * stub without its prescription or report would mislead. Merges between two records: see care-record-merge.
 */
export function applyEvent(record: CareRecord | null, event: PatientCareEvent): CareRecord {
  const current = record ?? emptyCareRecord(event.payload.metadata.patientId);
  const recordedAt = instant(event.payload.metadata.recordedAt);
  switch (event.type) {
    case 'care.events.identity.PatientRegistered': {
      const p = event.payload;
      return {
        ...current, nhsNumber: p.nhsNumber, sensitive: p.sensitive, demographics: demographics(p),
        registeredGpOdsCode: p.registeredGpOdsCode, nominatedPharmacyOdsCode: p.nominatedPharmacyOdsCode,
      };
    }
    case 'care.events.identity.PatientDemographicsUpdated':
      return { ...current, demographics: demographics(event.payload) };
    case 'care.events.identity.PatientGpRegistrationChanged':
      return { ...current, registeredGpOdsCode: event.payload.gpOdsCode };
    case 'care.events.identity.PatientNominatedPharmacyChanged':
      return { ...current, nominatedPharmacyOdsCode: event.payload.pharmacyOdsCode };
    case 'care.events.identity.PatientSensitivityChanged':
      return { ...current, sensitive: event.payload.sensitive };
    case 'care.events.identity.PatientDeceased':
      return { ...current, deceased: { dateOfDeath: isoDate(event.payload.dateOfDeath) } };
    case 'care.events.identity.PatientRecordsMerged':
      return { ...current, supersededBy: event.payload.survivingPatientId };

    case 'care.events.records.AllergyRecorded': {
      const p = event.payload;
      const allergy: CareAllergy = {
        allergyId: p.allergyId, substance: snomed(p.substance), type: p.type,
        reaction: p.reaction && { manifestation: snomed(p.reaction.manifestation), description: p.reaction.description },
        severity: p.severity, criticality: p.criticality, verificationStatus: p.verificationStatus,
        onsetDate: p.onsetDate === null ? null : isoDate(p.onsetDate), recordedBy: p.recordedBy, recordedAt,
      };
      return { ...current, allergies: sortAllergies(upsert(current.allergies, 'allergyId', allergy)) };
    }
    case 'care.events.records.AllergyEnteredInError':
      return { ...current, allergies: current.allergies.filter((a) => a.allergyId !== event.payload.allergyId) };
    case 'care.events.records.ConditionRecorded': {
      const p = event.payload;
      const problem: CareProblem = {
        conditionId: p.conditionId, code: snomed(p.code), clinicalStatus: p.clinicalStatus,
        onsetDate: p.onsetDate === null ? null : isoDate(p.onsetDate), resolvedDate: null, recordedBy: p.recordedBy, recordedAt,
      };
      return { ...current, problems: sortProblems(upsert(current.problems, 'conditionId', problem)) };
    }
    case 'care.events.records.ConditionResolved': {
      const p = event.payload;
      const known = current.problems.find((c) => c.conditionId === p.conditionId);
      const resolved: CareProblem = {
        ...(known ?? { conditionId: p.conditionId, code: snomed(p.code), onsetDate: null, recordedBy: null, recordedAt }),
        clinicalStatus: 'RESOLVED', resolvedDate: isoDate(p.resolvedDate),
      };
      return { ...current, problems: sortProblems(upsert(current.problems, 'conditionId', resolved)) };
    }
    case 'care.events.records.EncounterStarted': {
      const p = event.payload;
      const known = current.encounters.find((e) => e.encounterId === p.encounterId);
      const encounter: CareEncounter = {
        encounterId: p.encounterId, setting: p.setting, odsCode: p.odsCode, startedAt: instant(p.startedAt),
        endedAt: known?.endedAt ?? null, reason: p.reason && snomed(p.reason),
      };
      return { ...current, encounters: sortEncounters(upsert(current.encounters, 'encounterId', encounter)) };
    }
    case 'care.events.records.EncounterEnded': {
      const p = event.payload;
      const known = current.encounters.find((e) => e.encounterId === p.encounterId);
      const encounter: CareEncounter = {
        encounterId: p.encounterId, setting: p.setting, odsCode: p.odsCode, startedAt: instant(p.startedAt),
        endedAt: instant(p.endedAt), reason: known?.reason ?? null,
      };
      return { ...current, encounters: sortEncounters(upsert(current.encounters, 'encounterId', encounter)) };
    }

    case 'care.events.medications.MedicationPrescribed': {
      const p = event.payload;
      const medication: CareMedication = {
        medicationId: p.medicationId, medicine: dmd(p.medicine), dosageText: p.dosageText, route: p.route, quantity: { ...p.quantity },
        courseType: p.courseType, status: 'ACTIVE', prescriber: p.prescriber, prescribedAt: recordedAt,
        allergyOverride: p.allergyOverride && { reason: p.allergyOverride.reason, allergyIds: [...p.allergyOverride.allergyIds] },
        doseChangedAt: null, lastDispensed: null, stoppedAt: null, stoppedBy: null, stopReason: null,
      };
      return { ...current, medications: sortMedications(upsert(current.medications, 'medicationId', medication)) };
    }
    case 'care.events.medications.MedicationDoseChanged':
      return updateMedication(current, event.payload.medicationId, (m) => ({ ...m, dosageText: event.payload.dosageText, doseChangedAt: recordedAt }));
    case 'care.events.medications.MedicationDispensed': {
      const p = event.payload;
      return updateMedication(current, p.medicationId, (m) => ({
        ...m, lastDispensed: { dispensedAt: instant(p.metadata.occurredAt), pharmacyOdsCode: p.pharmacyOdsCode, quantity: { ...p.quantity } },
      }));
    }
    case 'care.events.medications.MedicationStopped': {
      const p = event.payload;
      return updateMedication(current, p.medicationId, (m) => ({
        ...m, status: 'STOPPED', stoppedAt: instant(p.metadata.occurredAt), stoppedBy: { ...p.metadata.actor }, stopReason: p.reason,
      }));
    }

    case 'care.events.appointments.AppointmentBooked': {
      const p = event.payload;
      const appointment: CareAppointment = {
        appointmentId: p.appointmentId, slotId: p.slotId, odsCode: p.odsCode, service: p.service, start: instant(p.start), end: instant(p.end),
        status: 'BOOKED', bookedBy: p.bookedBy, cancellation: null,
      };
      return { ...current, appointments: sortAppointments(upsert(current.appointments, 'appointmentId', appointment)) };
    }
    case 'care.events.appointments.AppointmentRescheduled': {
      const p = event.payload;
      return updateAppointment(current, p.appointmentId, (a) => ({
        ...a, slotId: p.slotId, odsCode: p.odsCode, service: p.service, start: instant(p.start), end: instant(p.end),
      }));
    }
    case 'care.events.appointments.AppointmentAttended':
      return updateAppointment(current, event.payload.appointmentId, (a) => ({ ...a, status: 'ATTENDED' }));
    case 'care.events.appointments.AppointmentMissed':
      return updateAppointment(current, event.payload.appointmentId, (a) => ({ ...a, status: 'MISSED' }));
    case 'care.events.appointments.AppointmentCancelled': {
      const p = event.payload;
      return updateAppointment(current, p.appointmentId, (a) => ({ ...a, status: 'CANCELLED', cancellation: { cancelledBy: p.cancelledBy, reason: p.reason } }));
    }

    case 'care.events.results.ResultReported': {
      const p = event.payload;
      const result: CareResult = {
        reportId: p.reportId, version: p.version, testCode: snomed(p.testCode), status: p.status, performingLabOdsCode: p.performingLabOdsCode,
        requestingOdsCode: p.requestingOdsCode, effectiveAt: p.effectiveAt === null ? null : instant(p.effectiveAt), issuedAt: recordedAt,
        critical: p.critical, released: false, amendmentReason: null, observations: p.observations.map(observation),
      };
      return { ...current, results: sortResults(upsert(current.results, 'reportId', result)) };
    }
    case 'care.events.results.ResultAmended': {
      const p = event.payload;
      return updateResult(current, p.reportId, (r) =>
        p.version <= r.version
          ? r
          : { ...r, version: p.version, status: p.status, issuedAt: recordedAt, critical: p.critical, released: false, amendmentReason: p.reason, observations: p.observations.map(observation) },
      );
    }
    case 'care.events.results.ResultReleasedToPatient':
      return updateResult(current, event.payload.reportId, (r) => (r.version === event.payload.version ? { ...r, released: true } : r));
  }
}

/** The patient's record as a patient may see it: only results released to them. */
export function releasedToPatient(record: CareRecord): CareRecord {
  return { ...record, results: record.results.filter((result) => result.released) };
}

/** Appointments split around `now`: upcoming ones (booked, not yet started) and the others, latest first. */
export function appointmentsAround(record: CareRecord, now: Date): { upcoming: CareAppointment[]; past: CareAppointment[] } {
  const at = now.toISOString();
  const upcoming = record.appointments.filter((a) => a.status === 'BOOKED' && a.start >= at);
  const past = record.appointments.filter((a) => !upcoming.includes(a)).reverse();
  return { upcoming, past };
}

export function sortCareRecord(record: CareRecord): CareRecord {
  return {
    ...record, allergies: sortAllergies(record.allergies), problems: sortProblems(record.problems), medications: sortMedications(record.medications),
    results: sortResults(record.results), appointments: sortAppointments(record.appointments), encounters: sortEncounters(record.encounters),
  };
}

function demographics(p: EventByType['care.events.identity.PatientRegistered' | 'care.events.identity.PatientDemographicsUpdated']): CareDemographics {
  return { name: { prefix: p.name.prefix, given: [...p.name.given], family: p.name.family }, birthDate: isoDate(p.birthDate), gender: p.gender };
}

function observation(o: EventByType['care.events.results.ResultReported']['observations'][number]): CareObservation {
  return {
    code: snomed(o.code), value: o.value, unit: o.unit, referenceRange: o.referenceRange && { low: o.referenceRange.low, high: o.referenceRange.high },
    interpretation: o.interpretation, critical: o.critical,
  };
}

function updateMedication(record: CareRecord, medicationId: string, change: (m: CareMedication) => CareMedication): CareRecord {
  return { ...record, medications: sortMedications(record.medications.map((m) => (m.medicationId === medicationId ? change(m) : m))) };
}

function updateAppointment(record: CareRecord, appointmentId: string, change: (a: CareAppointment) => CareAppointment): CareRecord {
  return { ...record, appointments: sortAppointments(record.appointments.map((a) => (a.appointmentId === appointmentId ? change(a) : a))) };
}

function updateResult(record: CareRecord, reportId: string, change: (r: CareResult) => CareResult): CareRecord {
  return { ...record, results: sortResults(record.results.map((r) => (r.reportId === reportId ? change(r) : r))) };
}

function upsert<T, K extends keyof T>(entries: T[], key: K, entry: T): T[] {
  return [...entries.filter((e) => e[key] !== entry[key]), entry];
}

// Every order ends on the entry's id, so a record folded from the same events in another
// interleaving of topics (a rebuild) comes out identical.
const byDesc = <T>(time: (t: T) => string, id: (t: T) => string) => (a: T, b: T) =>
  time(b).localeCompare(time(a)) || id(a).localeCompare(id(b));
const sortAllergies = (list: CareAllergy[]) => [...list].sort(byDesc((a) => a.recordedAt, (a) => a.allergyId));
const sortProblems = (list: CareProblem[]) => [...list].sort(byDesc((p) => p.recordedAt, (p) => p.conditionId));
const sortResults = (list: CareResult[]) => [...list].sort(byDesc((r) => r.issuedAt, (r) => r.reportId));
const sortEncounters = (list: CareEncounter[]) => [...list].sort(byDesc((e) => e.startedAt, (e) => e.encounterId));
const sortAppointments = (list: CareAppointment[]) => [...list].sort((a, b) => a.start.localeCompare(b.start) || a.appointmentId.localeCompare(b.appointmentId));
const sortMedications = (list: CareMedication[]) =>
  [...list].sort((a, b) => Number(a.status === 'STOPPED') - Number(b.status === 'STOPPED') || byDesc((m: CareMedication) => m.prescribedAt, (m) => m.medicationId)(a, b));

export function snomed(concept: SnomedConcept): SnomedCoding {
  return { system: SNOMED_CT, code: concept.conceptId, display: concept.term };
}

function dmd(medicine: { dmdId: string; term: string }): DmdCoding {
  return { system: DMD, code: medicine.dmdId, display: medicine.term };
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01, as the events carry dates, to an ISO date. */
export const isoDate = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
/** Milliseconds since the epoch to an ISO timestamp. */
export const instant = (ms: number): string => new Date(ms).toISOString();
