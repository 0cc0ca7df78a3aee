import {
  AppointmentBooked,
  AppointmentRescheduled,
  AppointmentsEventType,
  EncounterEnded,
  EncounterStarted,
  IdentityEventType,
  PatientDeceased,
  PatientGpRegistrationChanged,
  PatientNominatedPharmacyChanged,
  PatientRegistered,
  PatientSensitivityChanged,
  RecordsEventType,
  ResultReported,
  ResultsEventType,
} from '@care-events/contracts';
import { CarePatient } from './care-patient';
import { CareRelationship, EndReason, isOpen, NewRelationship, RelationshipActor, RelationshipKind } from './care-relationship';
import { CareRelationshipErrorCode, CareRelationshipException } from './care-relationship-error';

const HOUR = 3_600_000;
/** A follow lasts at most this long: an incident, not a standing relationship. */
export const FOLLOW_MAX_HOURS = 72;

export interface RelationshipPolicy {
  /** How long an encounter, appointment or result keeps its setting related after it ended, was attended or reported. */
  windowMs: number;
}

/** A domain event as the router sees it: its type, decoded value and when its producer recorded it. */
export interface IncomingEvent {
  type: string;
  value: unknown;
  recordedAt: Date;
}

export interface RelationshipEnd {
  relationship: CareRelationship;
  endedAt: Date;
  why: EndReason;
  endedBy: RelationshipActor | null;
}

export interface RelationshipReschedule {
  relationship: CareRelationship;
  endsAt: Date;
}

/** What an event does to one patient: their new state and the relationships that start, end or get a scheduled end. */
export interface RelationshipDecision {
  patient: CarePatient;
  starts: NewRelationship[];
  ends: RelationshipEnd[];
  reschedules: RelationshipReschedule[];
}

export interface MergeDecision {
  superseded: CarePatient;
  survivor: CarePatient;
  starts: NewRelationship[];
  ends: RelationshipEnd[];
}

const MERGE_EVENT_TYPES: ReadonlySet<string> = new Set([
  IdentityEventType.PatientRecordsMerged,
  RecordsEventType.ClinicalRecordsMerged,
  AppointmentsEventType.AppointmentsMerged,
  ResultsEventType.ResultsMerged,
]);

/**
 * The two records an event merges. identity's merge and each service's own "…Merged" name the same
 * pair; whichever the router sees first moves the relationships, the others find nothing left to move.
 */
export function mergeOf(event: Pick<IncomingEvent, 'type' | 'value'>): { supersededPatientId: string; survivingPatientId: string } | null {
  if (!MERGE_EVENT_TYPES.has(event.type)) return null;
  const { supersededPatientId, survivingPatientId } = event.value as { supersededPatientId: string; survivingPatientId: string };
  return { supersededPatientId, survivingPatientId };
}

/** The encounter, appointment or report an event is about, whose relationship it may change. */
export function eventSource(event: Pick<IncomingEvent, 'type' | 'value'>): { kind: RelationshipKind; sourceId: string } | null {
  const value = event.value as { encounterId?: string; appointmentId?: string; reportId?: string };
  switch (event.type) {
    case RecordsEventType.EncounterStarted:
    case RecordsEventType.EncounterEnded:
      return { kind: 'ENCOUNTER', sourceId: value.encounterId! };
    case AppointmentsEventType.AppointmentBooked:
    case AppointmentsEventType.AppointmentRescheduled:
    case AppointmentsEventType.AppointmentAttended:
    case AppointmentsEventType.AppointmentMissed:
    case AppointmentsEventType.AppointmentCancelled:
      return { kind: 'APPOINTMENT', sourceId: value.appointmentId! };
    case ResultsEventType.ResultReported:
    case ResultsEventType.ResultAmended:
    case ResultsEventType.ResultReleasedToPatient:
      return { kind: 'RESULT', sourceId: value.reportId! };
    default:
      return null;
  }
}

/** The relationships as they are once `changes` are stored, `started` among them. */
export function relationshipsAfter(
  relationships: readonly CareRelationship[],
  changes: { ends: readonly RelationshipEnd[]; reschedules?: readonly RelationshipReschedule[] },
  started: readonly CareRelationship[],
): CareRelationship[] {
  const changed = relationships.map((relationship) => {
    const end = changes.ends.find((e) => e.relationship.id === relationship.id);
    const reschedule = changes.reschedules?.find((r) => r.relationship.id === relationship.id);
    return {
      ...relationship,
      ...(reschedule && { endsAt: reschedule.endsAt }),
      ...(end && { endedAt: end.endedAt, endReason: end.why, endedBy: end.endedBy }),
    };
  });
  return [...changed, ...started];
}

/**
 * What an event (other than a merge) does to the patient's relationships. `relationships` holds the
 * patient's open ones and every one of the event's source (eventSourceId), ended or not: a result's
 * amendment says nothing of who requested it, so the router remembers.
 */
export function decideOnEvent(
  patient: CarePatient,
  relationships: readonly CareRelationship[],
  event: IncomingEvent,
  policy: RelationshipPolicy,
): RelationshipDecision {
  const decision = new DecisionBuilder(patient, relationships, event.recordedAt);
  const windowEnd = new Date(event.recordedAt.getTime() + policy.windowMs);
  const sourceId = eventSource(event)?.sourceId ?? '';
  switch (event.type) {
    case IdentityEventType.PatientRegistered: {
      const registered = event.value as PatientRegistered;
      decision.patient = { ...decision.patient, registered: true, sensitive: registered.sensitive, registeredGpOdsCode: registered.registeredGpOdsCode };
      decision.holdOnly('GP_PRACTICE', registered.registeredGpOdsCode);
      decision.holdOnly('NOMINATED_PHARMACY', registered.nominatedPharmacyOdsCode);
      break;
    }
    case IdentityEventType.PatientGpRegistrationChanged: {
      const { gpOdsCode } = event.value as PatientGpRegistrationChanged;
      decision.patient = { ...decision.patient, registeredGpOdsCode: gpOdsCode };
      decision.holdOnly('GP_PRACTICE', gpOdsCode);
      break;
    }
    case IdentityEventType.PatientNominatedPharmacyChanged:
      decision.holdOnly('NOMINATED_PHARMACY', (event.value as PatientNominatedPharmacyChanged).pharmacyOdsCode);
      break;
    case IdentityEventType.PatientSensitivityChanged:
      decision.patient = { ...decision.patient, sensitive: (event.value as PatientSensitivityChanged).sensitive };
      break;
    case IdentityEventType.PatientDeceased:
      // A correction changes the date of a death already acted on.
      if ((event.value as PatientDeceased).correction && patient.deceased) break;
      decision.patient = { ...decision.patient, deceased: true };
      for (const relationship of decision.open()) decision.end(relationship, 'PATIENT_DECEASED');
      break;
    case RecordsEventType.EncounterStarted:
      decision.holdSource('ENCOUNTER', sourceId, (event.value as EncounterStarted).odsCode);
      break;
    case RecordsEventType.EncounterEnded: {
      const current = decision.openOfSource('ENCOUNTER', sourceId);
      // An encounter that began before the router knew of it still relates its setting for the window.
      if (current) decision.reschedule(current, windowEnd);
      else decision.start('ENCOUNTER', (event.value as EncounterEnded).odsCode, sourceId, windowEnd);
      break;
    }
    case AppointmentsEventType.AppointmentBooked:
    case AppointmentsEventType.AppointmentRescheduled:
      decision.holdSource('APPOINTMENT', sourceId, (event.value as AppointmentBooked | AppointmentRescheduled).odsCode);
      break;
    case AppointmentsEventType.AppointmentAttended:
    case AppointmentsEventType.AppointmentMissed:
    case AppointmentsEventType.AppointmentCancelled: {
      // These events carry no ODS code: the booking's relationship says whose appointment it is.
      const current = decision.openOfSource('APPOINTMENT', sourceId);
      if (current) decision.reschedule(current, windowEnd);
      break;
    }
    case ResultsEventType.ResultReported: {
      const current = decision.openOfSource('RESULT', sourceId);
      if (current) decision.extend(current, windowEnd);
      else decision.start('RESULT', (event.value as ResultReported).requestingOdsCode, sourceId, windowEnd);
      break;
    }
    case ResultsEventType.ResultAmended:
    case ResultsEventType.ResultReleasedToPatient: {
      // The requester of a report hears of its amendments and release, even after its window.
      const current = decision.openOfSource('RESULT', sourceId);
      const earlier = current ?? decision.latestOfSource('RESULT', sourceId);
      if (current) decision.extend(current, windowEnd);
      else if (earlier) decision.start('RESULT', earlier.odsCode, sourceId, windowEnd);
      break;
    }
  }
  return decision.result();
}

/**
 * Moves the superseded record's open relationships to the survivor (the end of the merge chain):
 * each ends on the superseded record and starts on the survivor, unless the survivor already has it
 * (or, for the GP practice and pharmacy, has one of its own) or has died. A record merged before is
 * left as it is. The survivor stays sensitive if either record was: the merged history is restricted.
 */
export function decideMerge(
  superseded: CarePatient,
  supersededRelationships: readonly CareRelationship[],
  survivor: CarePatient,
  survivorRelationships: readonly CareRelationship[],
  at: Date,
): MergeDecision {
  if (superseded.survivingPatientId !== null || superseded.patientId === survivor.patientId) {
    return { superseded, survivor, starts: [], ends: [] };
  }
  const survivorOpen = survivorRelationships.filter(isOpen);
  const starts: NewRelationship[] = [];
  const ends: RelationshipEnd[] = [];
  for (const relationship of supersededRelationships.filter((r) => isOpen(r) && !hasElapsed(r, at))) {
    ends.push({ relationship, endedAt: endTime(relationship, at), why: 'PATIENTS_MERGED', endedBy: null });
    const held = [...survivorOpen, ...starts].some((other) =>
      relationship.kind === 'GP_PRACTICE' || relationship.kind === 'NOMINATED_PHARMACY'
        ? other.kind === relationship.kind
        : other.kind === relationship.kind && other.odsCode === relationship.odsCode && other.sourceId === relationship.sourceId,
    );
    if (survivor.deceased || held) continue;
    const { odsCode, kind, sourceId, endsAt, reason, createdBy } = relationship;
    starts.push({ patientId: survivor.patientId, odsCode, kind, sourceId, startedAt: at, endsAt, reason, createdBy });
  }
  return {
    superseded: { ...superseded, survivingPatientId: survivor.patientId },
    survivor: {
      ...survivor,
      sensitive: survivor.sensitive || superseded.sensitive,
      registeredGpOdsCode: survivor.registeredGpOdsCode ?? superseded.registeredGpOdsCode,
    },
    starts,
    ends,
  };
}

/** The end of a relationship whose scheduled end is `now` or earlier; null for any other. */
export function decideExpiry(relationship: CareRelationship, now: Date): RelationshipEnd | null {
  if (!isOpen(relationship) || !hasElapsed(relationship, now) || relationship.endsAt === null) return null;
  return { relationship, endedAt: relationship.endsAt, why: relationship.kind === 'FOLLOW' ? 'FOLLOW_EXPIRED' : 'WINDOW_ELAPSED', endedBy: null };
}

export interface FollowRequest {
  /** The follow's id, decided by the caller so the relationship and its sourceId agree. */
  followId: string;
  odsCode: string;
  reason: string;
  until: Date;
  actor: RelationshipActor;
}

/** An explicit follow of a living, current patient by a setting that does not already follow them, ending by itself at `until`. */
export function decideFollow(
  patientId: string,
  patient: CarePatient | null,
  relationships: readonly CareRelationship[],
  request: FollowRequest,
  now: Date,
): NewRelationship {
  if (!patient?.registered) throw new CareRelationshipException(CareRelationshipErrorCode.PatientUnknown, `patient ${patientId} is not known from identity`);
  if (patient.survivingPatientId) {
    throw new CareRelationshipException(
      CareRelationshipErrorCode.PatientSuperseded,
      `patient ${patient.patientId} was merged into ${patient.survivingPatientId}: follow that record`,
      { survivingPatientId: patient.survivingPatientId },
    );
  }
  if (patient.deceased) throw new CareRelationshipException(CareRelationshipErrorCode.PatientDeceased, `patient ${patient.patientId} is recorded as deceased`);
  const latest = now.getTime() + FOLLOW_MAX_HOURS * HOUR;
  if (request.until.getTime() <= now.getTime() || request.until.getTime() > latest) {
    throw new CareRelationshipException(
      CareRelationshipErrorCode.InvalidFollow,
      `until: must be after now and at most ${FOLLOW_MAX_HOURS} hours ahead (by ${new Date(latest).toISOString()})`,
    );
  }
  const existing = relationships.find((r) => r.kind === 'FOLLOW' && r.odsCode === request.odsCode && isOpen(r) && !hasElapsed(r, now));
  if (existing) {
    throw new CareRelationshipException(
      CareRelationshipErrorCode.FollowAlreadyActive,
      `${request.odsCode} already follows patient ${patient.patientId} until ${existing.endsAt?.toISOString()}: end that follow first`,
      { relationshipId: existing.id },
    );
  }
  return {
    id: request.followId,
    patientId: patient.patientId,
    odsCode: request.odsCode,
    kind: 'FOLLOW',
    sourceId: request.followId,
    startedAt: now,
    endsAt: request.until,
    reason: request.reason,
    createdBy: request.actor,
  };
}

/** Ends a follow before its time. */
export function decideEndFollow(relationship: CareRelationship | null, followId: string, actor: RelationshipActor, now: Date): RelationshipEnd {
  if (!relationship || relationship.kind !== 'FOLLOW') {
    throw new CareRelationshipException(CareRelationshipErrorCode.FollowNotFound, `no follow ${followId}`);
  }
  if (!isOpen(relationship) || hasElapsed(relationship, now)) {
    throw new CareRelationshipException(CareRelationshipErrorCode.FollowAlreadyEnded, `follow ${followId} has already ended`, {
      endedAt: (relationship.endedAt ?? relationship.endsAt)?.toISOString(),
    });
  }
  return { relationship, endedAt: endTime(relationship, now), why: 'FOLLOW_ENDED', endedBy: actor };
}

const hasElapsed = (relationship: CareRelationship, at: Date): boolean => relationship.endsAt !== null && relationship.endsAt.getTime() <= at.getTime();

/** An end never precedes the start: an event from another topic may carry an earlier time than the relationship it ends. */
const endTime = (relationship: CareRelationship, at: Date): Date => (at.getTime() < relationship.startedAt.getTime() ? relationship.startedAt : at);

class DecisionBuilder {
  readonly starts: NewRelationship[] = [];
  readonly ends: RelationshipEnd[] = [];
  readonly reschedules: RelationshipReschedule[] = [];

  constructor(
    public patient: CarePatient,
    private readonly relationships: readonly CareRelationship[],
    private readonly at: Date,
  ) {}

  /** Open relationships not ended by this decision. */
  open(): CareRelationship[] {
    return this.relationships.filter((r) => isOpen(r) && !hasElapsed(r, this.at) && !this.ends.some((end) => end.relationship.id === r.id));
  }

  openOfSource(kind: RelationshipKind, sourceId: string): CareRelationship | undefined {
    return this.open().find((r) => r.kind === kind && r.sourceId === sourceId);
  }

  latestOfSource(kind: RelationshipKind, sourceId: string): CareRelationship | undefined {
    return this.relationships
      .filter((r) => r.kind === kind && r.sourceId === sourceId)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
  }

  /** One relationship of `kind` with no source, at `odsCode` (none when null): others of the kind end. */
  holdOnly(kind: RelationshipKind, odsCode: string | null): void {
    const current = this.open().filter((r) => r.kind === kind);
    for (const relationship of current.filter((r) => r.odsCode !== odsCode)) this.end(relationship, 'SUPERSEDED_BY_CHANGE');
    if (odsCode !== null && !current.some((r) => r.odsCode === odsCode)) this.start(kind, odsCode, null, null);
  }

  /** The source's relationship at `odsCode`: one at another setting (an appointment moved) ends. */
  holdSource(kind: RelationshipKind, sourceId: string, odsCode: string): void {
    const current = this.openOfSource(kind, sourceId);
    if (current?.odsCode === odsCode) return;
    if (current) this.end(current, 'SUPERSEDED_BY_CHANGE');
    this.start(kind, odsCode, sourceId, null);
  }

  start(kind: RelationshipKind, odsCode: string, sourceId: string | null, endsAt: Date | null): void {
    // The dead gain no relationships; what reaches their settings then is what they already had.
    if (this.patient.deceased) return;
    this.starts.push({ patientId: this.patient.patientId, odsCode, kind, sourceId, startedAt: this.at, endsAt, reason: null, createdBy: null });
  }

  end(relationship: CareRelationship, why: EndReason): void {
    this.ends.push({ relationship, endedAt: endTime(relationship, this.at), why, endedBy: null });
  }

  /** Ends at `endsAt` (an encounter ended, an appointment took place). */
  reschedule(relationship: CareRelationship, endsAt: Date): void {
    if (relationship.endsAt?.getTime() !== endsAt.getTime()) this.reschedules.push({ relationship, endsAt });
  }

  /** Lasts at least until `endsAt`. */
  extend(relationship: CareRelationship, endsAt: Date): void {
    if (relationship.endsAt !== null && relationship.endsAt.getTime() < endsAt.getTime()) this.reschedules.push({ relationship, endsAt });
  }

  result(): RelationshipDecision {
    return { patient: this.patient, starts: this.starts, ends: this.ends, reschedules: this.reschedules };
  }
}
