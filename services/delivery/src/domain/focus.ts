/** The FHIR resources a care-setting event can be about: those care-record maps. */
export type FocusResourceType = 'Patient' | 'AllergyIntolerance' | 'Condition' | 'Encounter' | 'MedicationStatement' | 'Appointment' | 'DiagnosticReport';

export interface ResourceRef {
  resourceType: FocusResourceType;
  id: string;
}

/** What a notification names for one event: the resource it changed, and the resources around it. */
export interface EventFocus {
  focus: ResourceRef;
  additionalContext: ResourceRef[];
}

/** An event whose focus cannot be told: the notification cannot be built (poison). */
export class FocusError extends Error {
  override readonly name = 'FocusError';
}

/** Which id field names the focus of each family of events (by the start of the record's short name). */
const BY_AREA: Record<string, Array<[prefix: string, resourceType: FocusResourceType, field: string]>> = {
  records: [
    ['Allergy', 'AllergyIntolerance', 'allergyId'],
    ['Condition', 'Condition', 'conditionId'],
    ['Encounter', 'Encounter', 'encounterId'],
  ],
  medications: [['', 'MedicationStatement', 'medicationId']],
  appointments: [['', 'Appointment', 'appointmentId']],
  results: [['', 'DiagnosticReport', 'reportId']],
};

/** The ids a merge of each area moves to the surviving patient. */
const MOVED_BY_MERGE: Record<string, Array<[field: string, resourceType: FocusResourceType]>> = {
  identity: [],
  records: [['allergyIds', 'AllergyIntolerance'], ['conditionIds', 'Condition'], ['encounterIds', 'Encounter']],
  medications: [['medicationIds', 'MedicationStatement']],
  appointments: [['appointmentIds', 'Appointment']],
  results: [['reportIds', 'DiagnosticReport']],
};

/**
 * The focus of an event (`care.events.<area>.<Name>`), from its value. Identity events are about the
 * Patient; a merge (of any area) is about the surviving Patient, with the superseded one and the
 * records it moved as context; every other event is about its own record, with its Patient as context.
 */
export function focusOf(eventType: string, event: Record<string, unknown>, patientId: string): EventFocus {
  const [, , area = '', name = ''] = eventType.split('.');
  if (name.endsWith('Merged') && MOVED_BY_MERGE[area]) {
    const moved = MOVED_BY_MERGE[area].flatMap(([field, resourceType]) => idsOf(eventType, event, field).map((id) => ({ resourceType, id })));
    return {
      focus: patient(idOf(eventType, event, 'survivingPatientId')),
      additionalContext: [patient(idOf(eventType, event, 'supersededPatientId')), ...moved],
    };
  }
  if (area === 'identity') return { focus: patient(patientId), additionalContext: [] };
  const rule = BY_AREA[area]?.find(([prefix]) => name.startsWith(prefix));
  if (!rule || !name) throw new FocusError(`no FHIR focus is defined for events of type ${eventType}`);
  const [, resourceType, field] = rule;
  return { focus: { resourceType, id: idOf(eventType, event, field) }, additionalContext: [patient(patientId)] };
}

/** `Type/id`, the relative reference FHIR uses. */
export const relativeReference = (ref: ResourceRef): string => `${ref.resourceType}/${ref.id}`;

const patient = (id: string): ResourceRef => ({ resourceType: 'Patient', id });

function idOf(eventType: string, event: Record<string, unknown>, field: string): string {
  const id = event[field];
  if (typeof id !== 'string' || !id) throw new FocusError(`${eventType} carries no ${field}`);
  return id;
}

function idsOf(eventType: string, event: Record<string, unknown>, field: string): string[] {
  const ids = event[field];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id)) throw new FocusError(`${eventType} carries no list ${field}`);
  return ids as string[];
}
