import { CarePatient, restrictsRouting } from './care-patient';
import { CareRelationship, NewRelationship, RelationshipKind, settingLinksAt } from './care-relationship';
import {
  decideMerge, decideOnEvent, eventSource, IncomingEvent, mergeOf, RelationshipEnd, RelationshipPolicy, RelationshipReschedule, relationshipsAfter,
} from './care-relationship-rules';
import { RelationshipsAround } from './routing-decision';

/** Merge chains longer than this are a loop in the data, not a real history. */
export const MAX_MERGE_CHAIN = 100;

/** A domain event and the patient its metadata names. */
export interface PatientEvent extends IncomingEvent {
  patientId: string;
}

/** What one event did: the settings around it (for routing) and the relationships it ended and started, to publish in that order. */
export interface AppliedEvent {
  around: RelationshipsAround;
  ends: RelationshipEnd[];
  started: CareRelationship[];
}

/** The records an event needs: the patient it names, or the two records a merge names. */
export function patientsOf(event: PatientEvent): string[] {
  const merge = mergeOf(event);
  return merge ? [merge.supersededPatientId, merge.survivingPatientId] : [event.patientId];
}

/** The relationships an event at `at` may look at: open ones, ones still active at `at` though ended since, and every one of its source. */
export function relevantAt(relationship: CareRelationship, at: Date, source: { kind: RelationshipKind; sourceId: string } | null): boolean {
  return (
    relationship.endedAt === null ||
    relationship.endedAt.getTime() > at.getTime() ||
    (source !== null && relationship.kind === source.kind && relationship.sourceId === source.sourceId)
  );
}

/**
 * Some patients' records and relationships, held in memory while events are applied to them one by
 * one, in order, with the rules of care-relationship-rules: each event sees what the ones before it
 * did, as if each had been stored before the next. Afterwards it tells what to store: the patients
 * and relationships that changed (each once, in its final state) and the relationships that are new.
 */
export class CareState {
  private readonly patients = new Map<string, CarePatient>();
  private readonly loaded = new Map<string, CarePatient>();
  private readonly relationships = new Map<string, CareRelationship>();
  private readonly idsByPatient = new Map<string, string[]>();
  private readonly started = new Set<string>();
  private readonly changed = new Set<string>();

  /**
   * `patients` holds every record the events name and every record their merge chains lead to;
   * `relationships`, every relationship of those that any of the events may look at (see relevantAt).
   */
  constructor(
    patients: readonly CarePatient[],
    relationships: readonly CareRelationship[],
    private readonly policy: RelationshipPolicy,
    private readonly newId: () => string,
  ) {
    for (const patient of patients) {
      this.patients.set(patient.patientId, patient);
      this.loaded.set(patient.patientId, patient);
    }
    for (const relationship of relationships) this.put(relationship);
  }

  apply(event: PatientEvent): AppliedEvent {
    const merge = mergeOf(event);
    if (merge) return this.applyMerge(merge.supersededPatientId, merge.survivingPatientId, event.recordedAt);
    const patient = this.currentRecordOf(event.patientId);
    const at = event.recordedAt;
    const relationships = this.relationshipsOf(patient.patientId, at, eventSource(event));
    const decision = decideOnEvent(patient, relationships, event, this.policy);
    this.patients.set(patient.patientId, decision.patient);
    const started = this.store(decision);
    return {
      around: {
        before: settingLinksAt(relationships, at),
        after: settingLinksAt(relationshipsAfter(relationships, decision, started), at),
        sensitive: restrictsRouting(decision.patient),
        registeredGp: decision.patient.registeredGpOdsCode,
      },
      ends: decision.ends,
      started,
    };
  }

  /** Patients whose state differs from what was loaded. */
  changedPatients(): CarePatient[] {
    return [...this.patients.values()].filter((patient) => !samePatient(patient, this.loaded.get(patient.patientId)));
  }

  /** Relationships started by the events, as they are now (one may have ended already). */
  newRelationships(): CareRelationship[] {
    return [...this.started].map((id) => this.relationships.get(id)!);
  }

  /** Relationships that were loaded and have changed since (an end, a new scheduled end). */
  changedRelationships(): CareRelationship[] {
    return [...this.changed].filter((id) => !this.started.has(id)).map((id) => this.relationships.get(id)!);
  }

  /** A merge moves the superseded record's relationships to the survivor; before and after cover both records. */
  private applyMerge(supersededPatientId: string, survivingPatientId: string, at: Date): AppliedEvent {
    const superseded = this.patient(supersededPatientId);
    const survivor = this.currentRecordOf(survivingPatientId);
    const same = superseded.patientId === survivor.patientId;
    const relationships = [...this.relationshipsOf(superseded.patientId, at, null), ...(same ? [] : this.relationshipsOf(survivor.patientId, at, null))];
    const decision = decideMerge(
      superseded,
      relationships.filter((r) => r.patientId === superseded.patientId),
      survivor,
      relationships.filter((r) => r.patientId === survivor.patientId),
      at,
    );
    this.patients.set(superseded.patientId, decision.superseded);
    this.patients.set(survivor.patientId, decision.survivor);
    const started = this.store(decision);
    return {
      around: {
        before: settingLinksAt(relationships, at),
        after: settingLinksAt(relationshipsAfter(relationships, decision, started), at),
        sensitive: restrictsRouting(decision.survivor),
        registeredGp: decision.survivor.registeredGpOdsCode,
      },
      ends: decision.ends,
      started,
    };
  }

  /** The record that holds the patient's care now: the patient, or the end of the chain of merges from them. */
  private currentRecordOf(patientId: string): CarePatient {
    let patient = this.patient(patientId);
    for (let step = 0; patient.survivingPatientId && step < MAX_MERGE_CHAIN; step++) patient = this.patient(patient.survivingPatientId);
    return patient;
  }

  private patient(patientId: string): CarePatient {
    const patient = this.patients.get(patientId.toLowerCase());
    if (!patient) throw new Error(`patient ${patientId} was not loaded with the events that name it`);
    return patient;
  }

  /** What the relationship repository's forEvent gives, in its order: by start, then id. */
  private relationshipsOf(patientId: string, at: Date, source: { kind: RelationshipKind; sourceId: string } | null): CareRelationship[] {
    return (this.idsByPatient.get(patientId) ?? [])
      .map((id) => this.relationships.get(id)!)
      .filter((relationship) => relevantAt(relationship, at, source))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private store(changes: { starts: NewRelationship[]; ends: RelationshipEnd[]; reschedules?: RelationshipReschedule[] }): CareRelationship[] {
    for (const { relationship, endedAt, why, endedBy } of changes.ends) this.change(relationship.id, { endedAt, endReason: why, endedBy });
    for (const { relationship, endsAt } of changes.reschedules ?? []) this.change(relationship.id, { endsAt });
    const started = changes.starts.map((start) => ({ ...start, id: start.id ?? this.newId(), endedAt: null, endReason: null, endedBy: null }));
    for (const relationship of started) {
      this.put(relationship);
      this.started.add(relationship.id);
    }
    return started;
  }

  private change(id: string, fields: Partial<CareRelationship>): void {
    this.relationships.set(id, { ...this.relationships.get(id)!, ...fields });
    this.changed.add(id);
  }

  private put(relationship: CareRelationship): void {
    if (!this.relationships.has(relationship.id)) {
      const ids = this.idsByPatient.get(relationship.patientId) ?? [];
      ids.push(relationship.id);
      this.idsByPatient.set(relationship.patientId, ids);
    }
    this.relationships.set(relationship.id, relationship);
  }
}

const samePatient = (a: CarePatient, b: CarePatient | undefined): boolean =>
  b !== undefined &&
  a.registered === b.registered &&
  a.sensitive === b.sensitive &&
  a.deceased === b.deceased &&
  a.survivingPatientId === b.survivingPatientId &&
  a.registeredGpOdsCode === b.registeredGpOdsCode;
