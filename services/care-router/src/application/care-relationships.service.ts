import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Metadata } from '@care-events/contracts';
import { ConsumedEvent } from '@care-events/messaging';
import { Clock } from '@care-events/service-kit';
import { CommandContext, DomainEvent, OutboxWriter } from '@care-events/transactional-messaging';
import { CareRelationship, NewRelationship, SettingLink } from '../domain/care-relationship';
import { CareRelationshipErrorCode, CareRelationshipException } from '../domain/care-relationship-error';
import {
  decideEndFollow,
  decideExpiry,
  decideFollow,
  eventSource,
  RelationshipEnd,
  RelationshipPolicy,
  RelationshipReschedule,
  relationshipsAfter,
} from '../domain/care-relationship-rules';
import { CareState, PatientEvent, patientsOf } from '../domain/care-state';
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
    const [applied] = await this.applyEvents(manager, [event]);
    return applied;
  }

  /**
   * Applies events in order, each as applyEvent would once the ones before it were stored, in a few
   * statements: the patients (and their merge chains) are locked and their relationships read at once,
   * the rules run in memory, and what changed is stored and published at once, in event order.
   */
  async applyEvents(manager: EntityManager, events: ConsumedEvent[]): Promise<RelationshipsAtEvent[]> {
    if (events.length === 0) return [];
    const incoming = events.map(patientEvent);
    const patients = await this.patients.lockWithMergeChains(manager, incoming.flatMap(patientsOf));
    const relationships = await this.relationships.forEvents(
      manager,
      patients.map((patient) => patient.patientId),
      new Date(incoming.reduce((earliest, event) => Math.min(earliest, event.recordedAt.getTime()), Infinity)),
      incoming.flatMap((event) => eventSource(event)?.sourceId ?? []),
    );
    const state = new CareState(patients, relationships, this.policy, randomUUID);
    const recordedAt = this.clock.now();
    const published: DomainEvent[] = [];
    const around = incoming.map((event, i) => {
      const { around, ends, started } = state.apply(event);
      const context: CommandContext = { actor: ROUTER, correlationId: event.correlationId, causationId: events[i].eventId };
      published.push(...ends.map((end) => relationshipEnded(end, context, recordedAt)), ...started.map((r) => relationshipStarted(r, context, recordedAt)));
      return around;
    });
    await this.patients.saveAll(manager, state.changedPatients());
    await this.relationships.update(manager, state.changedRelationships());
    await this.relationships.insert(manager, state.newRelationships());
    await this.outbox.append(manager, published);
    return around;
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

function patientEvent(event: ConsumedEvent): PatientEvent & { correlationId: string } {
  const metadata = (event.value as { metadata: Metadata }).metadata;
  return { type: event.eventType, value: event.value, recordedAt: new Date(metadata.recordedAt), patientId: metadata.patientId, correlationId: metadata.correlationId };
}
