import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Metadata } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { Clock } from '@care-events/service-kit';
import { CommandContext, OutboxWriter } from '@care-events/transactional-messaging';
import { CarePatient, restrictsRouting } from '../domain/care-patient';
import { CareRelationship, NewRelationship, settingLinksAt, SettingLink } from '../domain/care-relationship';
import { CareRelationshipErrorCode, CareRelationshipException } from '../domain/care-relationship-error';
import {
  decideEndFollow,
  decideExpiry,
  decideFollow,
  decideMerge,
  decideOnEvent,
  eventSource,
  IncomingEvent,
  mergeOf,
  RelationshipEnd,
  RelationshipPolicy,
  RelationshipReschedule,
  relationshipsAfter,
} from '../domain/care-relationship-rules';
import { relationshipEnded, relationshipStarted } from '../events/relationship-events';
import { CarePatientRepository } from '../persistence/care-patient.repository';
import { CareRelationshipRepository } from '../persistence/care-relationship.repository';
import { RELATIONSHIP_CONFIG, RelationshipConfig } from './relationship.config';

const HOUR = 3_600_000;
/** How far back GET /patients/{id}/relationships lists ended relationships. */
const RECENT_MS = 30 * 24 * HOUR;
const ROUTER: CommandContext['actor'] = { type: 'SYSTEM', id: 'care-router', odsCode: null };

/** The patient's care settings just before and just after an event changed its relationships. */
export interface RelationshipsAtEvent {
  before: SettingLink[];
  after: SettingLink[];
  /** Routing must keep the event to the registered GP practice and follows (also while identity's registration is unseen). */
  sensitive: boolean;
  registeredGp: string | null;
}

export interface NewFollow {
  patientId: string;
  odsCode: string;
  reason: string;
  until: Date;
}

export interface PatientRelationships {
  patientId: string;
  survivingPatientId: string | null;
  deceased: boolean;
  relationships: CareRelationship[];
}

interface Changes {
  starts: NewRelationship[];
  ends: RelationshipEnd[];
  reschedules?: RelationshipReschedule[];
}

/**
 * Care relationships: derived from domain events in the consuming transaction, created and ended by
 * hand as follows, expired by the sweep. Every change takes the patient's row lock first and publishes
 * its CareRelationshipStarted / Ended through the outbox in the same transaction.
 */
@Injectable()
export class CareRelationshipsService {
  private readonly policy: RelationshipPolicy;

  constructor(
    @Inject(RELATIONSHIP_CONFIG) config: RelationshipConfig,
    private readonly dataSource: DataSource,
    private readonly patients: CarePatientRepository,
    private readonly relationships: CareRelationshipRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.policy = { windowMs: config.windowHours * HOUR };
  }

  /**
   * Applies what the event implies to the relationships of the patient's current record, at the event's
   * recordedAt, in the caller's transaction. A merge moves the superseded record's relationships to the
   * survivor; before and after then cover both records.
   */
  async applyEvent(manager: EntityManager, event: ConsumedEvent): Promise<RelationshipsAtEvent> {
    const metadata = (event.value as { metadata: Metadata }).metadata;
    const incoming: IncomingEvent = { type: event.eventType, value: event.value, recordedAt: new Date(metadata.recordedAt) };
    const context: CommandContext = { actor: ROUTER, correlationId: metadata.correlationId, causationId: event.eventId };
    const merge = mergeOf(incoming);
    if (merge) return this.applyMerge(manager, merge.supersededPatientId, merge.survivingPatientId, incoming.recordedAt, context);

    const patient = await this.patients.lockCurrentRecordOf(manager, metadata.patientId);
    const at = incoming.recordedAt;
    const relationships = await this.relationships.forEvent(manager, patient.patientId, at, eventSource(incoming));
    const decision = decideOnEvent(patient, relationships, incoming, this.policy);
    await this.savePatient(manager, patient, decision.patient);
    const started = await this.store(manager, decision, context);
    return {
      before: settingLinksAt(relationships, at),
      after: settingLinksAt(relationshipsAfter(relationships, decision, started), at),
      sensitive: restrictsRouting(decision.patient),
      registeredGp: decision.patient.registeredGpOdsCode,
    };
  }

  /** Starts a follow of the patient by a care setting, ending by itself at `until`; its id is the relationship's. */
  follow(request: NewFollow, context: CommandContext): Promise<CareRelationship> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const patient = await this.patients.lockExisting(manager, request.patientId);
      const relationships = patient ? await this.relationships.forEvent(manager, patient.patientId, now, null) : [];
      const follow = decideFollow(request.patientId, patient, relationships, { ...request, followId: randomUUID(), actor: context.actor }, now);
      const [started] = await this.store(manager, { starts: [follow], ends: [] }, context);
      return started;
    });
  }

  /** Ends a follow before its time. A follow moved by a merge keeps its id (its relationships' sourceId). */
  endFollow(followId: string, context: CommandContext): Promise<CareRelationship> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.relationships.latestFollow(manager, followId);
      // A merge moves a follow along the merge chain: with the chain locked, the follow's latest incarnation stays put.
      if (found) await this.patients.lockCurrentRecordOf(manager, found.patientId);
      const follow = found && (await this.relationships.latestFollow(manager, followId));
      const end = decideEndFollow(follow, followId, context.actor, this.clock.now());
      await this.store(manager, { starts: [], ends: [end] }, context);
      return relationshipsAfter([end.relationship], { ends: [end] }, [])[0];
    });
  }

  /** The patient's relationships open now or ended in the last 30 days. */
  async relationshipsOf(patientId: string): Promise<PatientRelationships> {
    const manager = this.dataSource.manager;
    const patient = await this.patients.find(manager, patientId);
    if (!patient) throw new CareRelationshipException(CareRelationshipErrorCode.PatientUnknown, `patient ${patientId} is not known to the care router`);
    const relationships = await this.relationships.recent(manager, patientId, new Date(this.clock.now().getTime() - RECENT_MS));
    return { patientId, survivingPatientId: patient.survivingPatientId, deceased: patient.deceased, relationships };
  }

  /**
   * Ends the patient's relationships whose scheduled end has passed, in one transaction; false when
   * another transaction holds the patient (the next sweep takes them).
   */
  expireDue(patientId: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.patients.lockUnlessBusy(manager, patientId))) return false;
      const relationships = await this.relationships.forEvent(manager, patientId, now, null);
      const ends = relationships.flatMap((relationship) => decideExpiry(relationship, now) ?? []);
      await this.store(manager, { starts: [], ends }, { actor: ROUTER, correlationId: randomUUID(), causationId: null });
      return true;
    });
  }

  private async applyMerge(manager: EntityManager, supersededPatientId: string, survivingPatientId: string, at: Date, context: CommandContext): Promise<RelationshipsAtEvent> {
    // The superseded record first, then the survivor's chain: every path through a merge locks in that order.
    const superseded = await this.patients.lock(manager, supersededPatientId);
    const survivor = await this.patients.lockCurrentRecordOf(manager, survivingPatientId);
    const relationships = [
      ...(await this.relationships.forEvent(manager, superseded.patientId, at, null)),
      ...(superseded.patientId === survivor.patientId ? [] : await this.relationships.forEvent(manager, survivor.patientId, at, null)),
    ];
    const decision = decideMerge(
      superseded,
      relationships.filter((r) => r.patientId === superseded.patientId),
      survivor,
      relationships.filter((r) => r.patientId === survivor.patientId),
      at,
    );
    await this.savePatient(manager, superseded, decision.superseded);
    await this.savePatient(manager, survivor, decision.survivor);
    const started = await this.store(manager, decision, context);
    return {
      before: settingLinksAt(relationships, at),
      after: settingLinksAt(relationshipsAfter(relationships, decision, started), at),
      sensitive: restrictsRouting(decision.survivor),
      registeredGp: decision.survivor.registeredGpOdsCode,
    };
  }

  private async savePatient(manager: EntityManager, before: CarePatient, after: CarePatient): Promise<void> {
    if (JSON.stringify(before) !== JSON.stringify(after)) await this.patients.save(manager, after);
  }

  /** Stores the changes and publishes them, ends before starts (a GP change reads in that order). */
  private async store(manager: EntityManager, changes: Changes, context: CommandContext): Promise<CareRelationship[]> {
    const started = changes.starts.map((start) => ({ ...start, id: start.id ?? randomUUID(), endedAt: null, endReason: null, endedBy: null }));
    await this.relationships.end(manager, changes.ends);
    await this.relationships.reschedule(manager, changes.reschedules ?? []);
    await this.relationships.insert(manager, started);
    const recordedAt = this.clock.now();
    await this.outbox.append(manager, [
      ...changes.ends.map((end) => relationshipEnded(end, context, recordedAt)),
      ...started.map((relationship) => relationshipStarted(relationship, context, recordedAt)),
    ]);
    return started;
  }
}
