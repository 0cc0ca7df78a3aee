import type {
  AllergyIntolerance, Appointment, Bundle, BundleEntry, CodeableConcept, Condition, DiagnosticReport, Encounter, MedicationStatement,
  Observation, Organization, Patient, Practitioner, Quantity, Reference, Resource,
} from '@medplum/fhirtypes';
import { v5 as uuidV5 } from 'uuid';
import {
  UCUM, type CareAllergy, type CareAppointment, type CareEncounter, type CareMedication, type CareProblem, type CareRecord, type CareResult,
  type SnomedCoding,
} from '../domain/care-record';
import {
  ALLERGY_ACTIVE, ALLERGY_CRITICALITY, ALLERGY_TYPE, ALLERGY_VERIFICATION_STATUS, APPOINTMENT_STATUS, CONDITION_CLINICAL_STATUS, ENCOUNTER_CLASS,
  GENDER, MEDICATION_STATUS, NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM, PROBLEM_LIST_ITEM, REACTION_SEVERITY, RESTRICTED, ROUTE_TEXT,
  URI_IDENTIFIER_SYSTEM, interpretation, patientParticipation, reportStatus,
} from './fhir-terminology';

export interface FhirBundleOptions {
  /** The care-record service's public base URL; when given, the bundle links to itself. */
  baseUrl?: string;
  /** When the bundle was assembled (Bundle.timestamp). */
  generatedAt: Date;
}

/**
 * The care record as a FHIR R4 Bundle of type 'collection': a set of resources gathered for one
 * patient, not the answer to a FHIR search (a 'searchset' would claim search semantics, a match
 * mode per entry and a total this service does not have). Every resource is addressed by the
 * urn:uuid of its record id and refers to the others by it; organisations and clinicians, which
 * the bundle does not carry, are named by identifier (ODS code, professional code).
 */
export function toFhirBundle(record: CareRecord, options: FhirBundleOptions): Bundle {
  const resources: Resource[] = [
    patientResource(record),
    ...record.allergies.map((allergy) => allergyIntolerance(record, allergy)),
    ...record.problems.map((problem) => condition(record, problem)),
    ...record.medications.map((medication) => medicationStatement(record, medication)),
    ...record.results.flatMap((result) => diagnosticReport(record, result)),
    ...record.appointments.map((appointment) => appointmentResource(record, appointment)),
    ...record.encounters.map((encounter) => encounterResource(record, encounter)),
  ];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: options.generatedAt.toISOString(),
    ...(options.baseUrl !== undefined && { link: [{ relation: 'self', url: `${options.baseUrl}/patients/${record.patientId}/care-record?format=fhir` }] }),
    entry: resources.map((resource): BundleEntry => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

/** One resource of the record by type and id, mapped as in the bundle; null when the record holds none of that id. */
export function fhirResourceOf(record: CareRecord, resourceType: string, id: string): Resource | null {
  switch (resourceType) {
    case 'Patient': return record.patientId === id ? patientResource(record) : null;
    case 'AllergyIntolerance': return mapFound(record.allergies.find((a) => a.allergyId === id), (a) => allergyIntolerance(record, a));
    case 'Condition': return mapFound(record.problems.find((p) => p.conditionId === id), (p) => condition(record, p));
    case 'MedicationStatement': return mapFound(record.medications.find((m) => m.medicationId === id), (m) => medicationStatement(record, m));
    case 'DiagnosticReport': return mapFound(record.results.find((r) => r.reportId === id), (r) => diagnosticReport(record, r)[0]);
    case 'Appointment': return mapFound(record.appointments.find((a) => a.appointmentId === id), (a) => appointmentResource(record, a));
    case 'Encounter': return mapFound(record.encounters.find((e) => e.encounterId === id), (e) => encounterResource(record, e));
    default: return null;
  }
}

function mapFound<T>(found: T | undefined, map: (found: T) => Resource): Resource | null {
  return found === undefined ? null : map(found);
}

function patientResource(record: CareRecord): Patient {
  const { demographics } = record;
  return {
    resourceType: 'Patient',
    id: record.patientId,
    ...(record.sensitive && { meta: { security: [RESTRICTED] } }),
    ...(record.nhsNumber !== null && { identifier: [{ system: NHS_NUMBER_SYSTEM, value: record.nhsNumber }] }),
    // A record merged into another is no longer in use and points to the one that replaced it.
    ...(record.supersededBy !== null && {
      active: false,
      link: [{ type: 'replaced-by', other: { type: 'Patient', identifier: { system: URI_IDENTIFIER_SYSTEM, value: `urn:uuid:${record.supersededBy}` } } }],
    }),
    ...(demographics && {
      name: [{ use: 'usual', family: demographics.name.family, given: demographics.name.given, ...(demographics.name.prefix !== null && { prefix: [demographics.name.prefix] }) }],
      gender: GENDER[demographics.gender],
      birthDate: demographics.birthDate,
    }),
    ...(record.deceased && { deceasedDateTime: record.deceased.dateOfDeath }),
    // Address and contact details are never in the care record, so none appear here for any patient.
    ...(record.registeredGpOdsCode !== null && { generalPractitioner: [organization(record.registeredGpOdsCode)] }),
  };
}

function allergyIntolerance(record: CareRecord, allergy: CareAllergy): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: allergy.allergyId,
    clinicalStatus: { coding: [ALLERGY_ACTIVE] },
    verificationStatus: { coding: [ALLERGY_VERIFICATION_STATUS[allergy.verificationStatus]] },
    type: ALLERGY_TYPE[allergy.type],
    criticality: ALLERGY_CRITICALITY[allergy.criticality],
    code: snomed(allergy.substance),
    patient: patientReference(record),
    ...(allergy.onsetDate !== null && { onsetDateTime: allergy.onsetDate }),
    recordedDate: allergy.recordedAt,
    recorder: practitioner(allergy.recordedBy),
    reaction: [{
      // FHIR keeps severity only on a reaction, whose manifestation is mandatory: when none was recorded
      // the manifestation says so (data-absent-reason) rather than dropping the severity or inventing one.
      manifestation: [allergy.reaction ? snomed(allergy.reaction.manifestation) : UNKNOWN_CONCEPT],
      ...(allergy.reaction?.description != null && { description: allergy.reaction.description }),
      severity: REACTION_SEVERITY[allergy.severity],
    }],
  };
}

function condition(record: CareRecord, problem: CareProblem): Condition {
  return {
    resourceType: 'Condition',
    id: problem.conditionId,
    clinicalStatus: { coding: [CONDITION_CLINICAL_STATUS[problem.clinicalStatus]] },
    // No verificationStatus: the record does not say how certain the problem is, and 'confirmed' would overstate it.
    category: [{ coding: [PROBLEM_LIST_ITEM] }],
    code: snomed(problem.code),
    subject: patientReference(record),
    ...(problem.onsetDate !== null && { onsetDateTime: problem.onsetDate }),
    // con-4: an abatement only on a condition no longer active.
    ...(problem.clinicalStatus === 'RESOLVED' && problem.resolvedDate !== null && { abatementDateTime: problem.resolvedDate }),
    recordedDate: problem.recordedAt,
    ...(problem.recordedBy && { recorder: practitioner(problem.recordedBy) }),
  };
}

function medicationStatement(record: CareRecord, medication: CareMedication): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id: medication.medicationId,
    status: MEDICATION_STATUS[medication.status],
    ...(medication.status === 'STOPPED' && medication.stopReason !== null && { statusReason: [{ text: medication.stopReason }] }),
    medicationCodeableConcept: { coding: [{ ...medication.medicine }], text: medication.medicine.display },
    subject: patientReference(record),
    effectivePeriod: { start: medication.prescribedAt, ...(medication.stoppedAt !== null && { end: medication.stoppedAt }) },
    dateAsserted: medication.stoppedAt ?? medication.doseChangedAt ?? medication.prescribedAt,
    informationSource: practitioner(medication.prescriber),
    dosage: [{ text: medication.dosageText, route: { text: ROUTE_TEXT[medication.route] } }],
  };
}

/** The report followed by its observations. */
function diagnosticReport(record: CareRecord, result: CareResult): [DiagnosticReport, ...Observation[]] {
  const status = reportStatus(result);
  const lab = organization(result.performingLabOdsCode);
  const observations = result.observations.map((o, index): Observation => ({
    resourceType: 'Observation',
    id: observationId(result, index),
    status,
    code: snomed(o.code),
    subject: patientReference(record),
    ...(result.effectiveAt !== null && { effectiveDateTime: result.effectiveAt }),
    issued: result.issuedAt,
    performer: [lab],
    valueQuantity: ucum(o.value, o.unit),
    interpretation: [{ coding: [interpretation(o)] }],
    // obs-3: a range needs a bound; a range with neither is left out.
    ...(o.referenceRange && (o.referenceRange.low !== null || o.referenceRange.high !== null) && {
      referenceRange: [{
        ...(o.referenceRange.low !== null && { low: ucum(o.referenceRange.low, o.unit) }),
        ...(o.referenceRange.high !== null && { high: ucum(o.referenceRange.high, o.unit) }),
      }],
    }),
  }));
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: result.reportId,
    meta: { versionId: String(result.version) },
    status,
    code: snomed(result.testCode),
    subject: patientReference(record),
    ...(result.effectiveAt !== null && { effectiveDateTime: result.effectiveAt }),
    issued: result.issuedAt,
    performer: [lab],
    result: observations.map((o) => ({ reference: `urn:uuid:${o.id}`, type: 'Observation' })),
  };
  return [report, ...observations];
}

function appointmentResource(record: CareRecord, appointment: CareAppointment): Appointment {
  return {
    resourceType: 'Appointment',
    id: appointment.appointmentId,
    status: APPOINTMENT_STATUS[appointment.status],
    ...(appointment.cancellation && { cancelationReason: { text: appointment.cancellation.reason } }),
    serviceType: [{ text: appointment.service }],
    start: appointment.start,
    end: appointment.end,
    participant: [
      { actor: patientReference(record), required: 'required', status: patientParticipation(appointment) },
      // An R4 Appointment cannot name an Organization as participant: the care setting holding it
      // appears as the Location identified by the setting's ODS code.
      { actor: { type: 'Location', identifier: { system: ODS_ORGANIZATION_SYSTEM, value: appointment.odsCode } }, required: 'required', status: 'accepted' },
    ],
  };
}

function encounterResource(record: CareRecord, encounter: CareEncounter): Encounter {
  return {
    resourceType: 'Encounter',
    id: encounter.encounterId,
    status: encounter.endedAt === null ? 'in-progress' : 'finished',
    class: ENCOUNTER_CLASS[encounter.setting],
    subject: patientReference(record),
    period: { start: encounter.startedAt, ...(encounter.endedAt !== null && { end: encounter.endedAt }) },
    ...(encounter.reason && { reasonCode: [snomed(encounter.reason)] }),
    serviceProvider: organization(encounter.odsCode),
  };
}

/** Observations have no id of their own: a name-based UUID of the report and the measured code keeps each one's id across report versions. */
function observationId(result: CareResult, index: number): string {
  const code = result.observations[index].code.code;
  const repeat = result.observations.slice(0, index).filter((o) => o.code.code === code).length;
  return uuidV5(`${code}/${repeat}`, result.reportId);
}

const UNKNOWN_CONCEPT: CodeableConcept = {
  extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }],
};

function snomed(coding: SnomedCoding): CodeableConcept {
  return { coding: [{ ...coding }], text: coding.display };
}

function ucum(value: number, unit: string): Quantity {
  return { value, unit, system: UCUM, code: unit };
}

function patientReference(record: CareRecord): Reference<Patient> {
  return { reference: `urn:uuid:${record.patientId}`, type: 'Patient' };
}

function organization(odsCode: string): Reference<Organization> {
  return { type: 'Organization', identifier: { system: ODS_ORGANIZATION_SYSTEM, value: odsCode } };
}

/** Professional codes come from several registers (GMC, NMC, GPhC, local), so the identifier has no system. */
function practitioner(who: { practitionerId: string; name: string | null }): Reference<Practitioner> {
  return { type: 'Practitioner', identifier: { value: who.practitionerId }, ...(who.name !== null && { display: who.name }) };
}
