import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { analyticsContractFor } from '@care-events/contracts';
import { Clock } from '@care-events/service-kit';
import { AddressedRecord, OutboxWriter } from '@care-events/transactional-messaging';
import { feedRecord, isGpSourced, recordTypeOf, SourceEvent, withdrawalRecord } from '../domain/feed-record';
import { generalise, QuasiIdentifiers } from '../domain/generaliser';
import { meetsK } from '../domain/k-anonymity';
import { GateDecision, gateDecision } from '../domain/opt-out-gate';
import { Recipient, WITHDRAWAL_TYPE } from '../domain/recipient';
import { AnalyticsPatientsRepository, KnownPatient } from '../persistence/analytics-patients.repository';
import { FeedCountDelta, FeedCountsRepository, Outcome } from '../persistence/feed-counts.repository';
import { HeldRecord, HeldRecordsRepository } from '../persistence/held-records.repository';
import { LoadedList, OptOutListsRepository } from '../persistence/opt-out-lists.repository';
import { AnalyticsSettings } from './analytics-settings';
import { FeedMetrics } from './feed-metrics';
import { feedTopic } from './feed-topics';

/** A clinical event as consumed: its short type, ids, time, body and the organisation that recorded it. */
export interface ClinicalEvent {
  eventType: string;
  eventId: string;
  patientId: string;
  occurredAt: number;
  odsCode: string | null;
  body: Record<string, unknown>;
}

type Lists = Partial<Record<'national' | 'type1', LoadedList>>;

/**
 * The feed: each clinical event goes, for every recipient that takes its type, through the opt-out gate
 * (emit, hold or drop), then the k-anonymity check, and leaves as that recipient's pseudonymised record
 * through the outbox, in the consumer's transaction.
 */
@Injectable()
export class AnalyticsFeed {
  constructor(
    private readonly settings: AnalyticsSettings,
    private readonly patients: AnalyticsPatientsRepository,
    private readonly lists: OptOutListsRepository,
    private readonly held: HeldRecordsRepository,
    private readonly counts: FeedCountsRepository,
    private readonly metrics: FeedMetrics,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async onClinicalEvent(manager: EntityManager, event: ClinicalEvent): Promise<void> {
    await this.onClinicalEvents(manager, [event]);
  }

  /**
   * A run of clinical events of one partition, in order, with the effect of each one alone: what no clinical
   * event changes (the lists, the patients, so their k groups) is read once for the run, and the records,
   * releases and counts are written in one statement each instead of one per event.
   */
  async onClinicalEvents(manager: EntityManager, events: ClinicalEvent[]): Promise<void> {
    const carried = events.flatMap((event) => {
      const type = recordTypeOf(event.eventType);
      const recipients = type ? this.settings.recipients.filter((recipient) => recipient.types.includes(type)) : [];
      return recipients.length ? [{ event, recipients }] : [];
    });
    if (carried.length === 0) return;
    await this.lists.lockForDeciding(manager);
    const [patients, lists] = await Promise.all([this.patients.findMany(manager, [...new Set(carried.map(({ event }) => event.patientId))]), this.lists.lists(manager)]);
    const run = new RunWrites();
    for (const { event, recipients } of carried) {
      const patient = patients.get(event.patientId) ?? null;
      const record: Omit<HeldRecord, 'id' | 'recipient'> = {
        // A merged-away record's events are its survivor's.
        patientId: patient?.patientId ?? event.patientId, eventType: event.eventType, eventId: event.eventId, occurredAt: new Date(event.occurredAt),
        gpSourced: isGpSourced(event.odsCode), body: event.body,
      };
      for (const recipient of recipients) {
        const decision = this.decide(recipient, patient, lists, record.gpSourced);
        if (decision.action === 'hold') await this.held.hold(manager, { ...record, recipient: recipient.name }, decision.reason, this.clock.now());
        else await this.act(manager, recipient, patient as KnownPatient, record, decision, run);
      }
    }
    await this.flush(manager, run);
  }

  /** A patient identity has just named: their records that arrived first go through the gate now. */
  async onPatientKnown(manager: EntityManager, patientId: string): Promise<void> {
    await this.lists.lockForDeciding(manager);
    await this.releaseHeld(manager, patientId);
  }

  /**
   * Takes every held record (of one patient, when given) through the gate again: sent or dropped ones
   * leave the table, the rest stay with their new reason. Runs after a list is loaded and when identity
   * names a patient.
   */
  async releaseHeld(manager: EntityManager, patientId?: string): Promise<{ released: number; dropped: number; stillHeld: number }> {
    const run = new RunWrites();
    const held = await this.held.lockAll(manager, patientId);
    const lists = await this.lists.lists(manager);
    const patients = await this.patients.findMany(manager, [...new Set(held.map((record) => record.patientId))]);
    const done: string[] = [];
    const result = { released: 0, dropped: 0, stillHeld: 0 };
    const byReason = new Map<string, string[]>();
    for (const record of held) {
      const recipient = this.settings.recipients.find((candidate) => candidate.name === record.recipient);
      if (!recipient) {
        done.push(record.id);
        continue;
      }
      const patient = patients.get(record.patientId) ?? null;
      const decision = this.decide(recipient, patient, lists, record.gpSourced);
      if (decision.action === 'hold') {
        byReason.set(decision.reason, [...(byReason.get(decision.reason) ?? []), record.id]);
        result.stillHeld++;
        continue;
      }
      await this.act(manager, recipient, patient as KnownPatient, record, decision, run);
      done.push(record.id);
      result[decision.action === 'emit' ? 'released' : 'dropped']++;
    }
    await this.flush(manager, run);
    await this.held.remove(manager, done);
    for (const [reason, ids] of byReason) await this.held.setReason(manager, ids, reason as Parameters<HeldRecordsRepository['setReason']>[2]);
    return result;
  }

  /**
   * After a refresh: a patient whose records a recipient received and whom the gate now drops (opted out,
   * or type 1 dissent) gets one withdrawal record per recipient (and key version), telling its sinks to delete
   * the pseudonym's rows.
   */
  async withdrawOptedOut(manager: EntityManager): Promise<number> {
    const lists = await this.lists.lists(manager);
    let withdrawn = 0;
    for (const { recipient: name, patient } of await this.patients.released(manager)) {
      const recipient = this.settings.recipients.find((candidate) => candidate.name === name);
      if (!recipient) continue;
      const national = this.decide(recipient, patient, lists, false);
      const gp = this.decide(recipient, patient, lists, true);
      if (national.action !== 'drop' && gp.action !== 'drop') continue;
      const checkedAt = (national.action === 'drop' ? lists.national : lists.type1)?.checkedAt ?? this.clock.now();
      // Under every key version still configured: the recipient may hold rows from before a rotation.
      for (const keys of this.settings.keysOf(recipient.name).everyVersion()) {
        const record = withdrawalRecord(patient.nhsNumber, `${patient.patientId}:${checkedAt.toISOString()}`, checkedAt, keys);
        await this.publish(manager, recipient, WITHDRAWAL_TYPE, record, checkedAt);
      }
      await this.patients.markWithdrawn(manager, recipient.name, patient.patientId, this.clock.now());
      await this.counts.add(manager, recipient.name, 'withdrawn', WITHDRAWAL_TYPE);
      withdrawn++;
    }
    return withdrawn;
  }

  private decide(recipient: Recipient, patient: KnownPatient | null, lists: Lists, gpSourced: boolean): GateDecision {
    return gateDecision({
      optOutApplies: recipient.nationalDataOptOut.applies,
      now: this.clock.now(),
      maxAgeMs: this.settings.maxListAgeMs,
      national: lists.national ?? null,
      type1: lists.type1 ?? null,
      patient: patient && { firstSeenAt: patient.firstSeenAt, onNational: patient.onNational, onType1: patient.onType1 },
      gpSourced,
    });
  }

  /** The gate's emit or drop, then the k check, gathered into `run`: the caller flushes it before its transaction ends. */
  private async act(manager: EntityManager, recipient: Recipient, patient: KnownPatient, record: Omit<HeldRecord, 'id' | 'recipient'>, decision: GateDecision, run: RunWrites): Promise<void> {
    const type = recordTypeOf(record.eventType) as string;
    if (decision.action === 'drop') {
      run.count(recipient.name, 'dropped', type);
      return;
    }
    const identifiers = generalise(patient, recipient.fields, recipient.generalisation);
    // Suppressed, not held: a group grows only as patients register, and a record's moment has passed by then.
    if (!meetsK(await run.groupSize(recipient, identifiers, () => this.patients.groupSize(manager, identifiers, recipient)), recipient.k)) {
      run.count(recipient.name, 'suppressed', type);
      this.metrics.recorded(recipient.name, 'suppressed');
      return;
    }
    const keys = this.settings.keysOf(recipient.name);
    const source: SourceEvent = { eventType: record.eventType, eventId: record.eventId, occurredAt: new Date(record.occurredAt).getTime(), body: record.body };
    const out = feedRecord(source, patient.nhsNumber, identifiers, keys);
    if (!out) return;
    run.records.push(this.addressed(recipient, out.type, out, new Date(record.occurredAt)));
    run.release(recipient.name, patient.patientId);
    run.count(recipient.name, 'emitted', type);
    this.metrics.recorded(recipient.name, 'emitted');
  }

  private async flush(manager: EntityManager, run: RunWrites): Promise<void> {
    await this.outbox.appendRecords(manager, run.records);
    await this.patients.markReleased(manager, [...run.released.values()]);
    await this.counts.addAll(manager, [...run.counts.values()]);
  }

  private async publish(manager: EntityManager, recipient: Recipient, type: string, record: { key: string; eventId: string; value: object }, occurredAt: Date): Promise<void> {
    await this.outbox.appendRecords(manager, [this.addressed(recipient, type, record, occurredAt)]);
  }

  private addressed(recipient: Recipient, type: string, record: { key: string; eventId: string; value: object }, occurredAt: Date): AddressedRecord {
    const contract = analyticsContractFor(type);
    return { eventId: record.eventId, type: contract.fullName, schema: contract.schema, topic: feedTopic(recipient.name, type), key: record.key, value: record.value, occurredAt };
  }
}

/**
 * What one transaction's decisions write, gathered: the records in decision order, each (recipient, patient)
 * released once, the counts summed. Group sizes are kept for the transaction: only identity's events and list
 * loads change them, and neither runs inside a run of clinical events or a release pass.
 */
class RunWrites {
  readonly records: AddressedRecord[] = [];
  readonly released = new Map<string, { recipient: string; patientId: string }>();
  readonly counts = new Map<string, FeedCountDelta>();
  private readonly groups = new Map<string, Promise<number>>();

  release(recipient: string, patientId: string): void {
    this.released.set(JSON.stringify([recipient, patientId]), { recipient, patientId });
  }

  count(recipient: string, outcome: Outcome, recordType: string): void {
    const key = JSON.stringify([recipient, outcome, recordType]);
    const delta = this.counts.get(key) ?? { recipient, outcome, recordType, n: 0 };
    delta.n++;
    this.counts.set(key, delta);
  }

  groupSize(recipient: Recipient, identifiers: QuasiIdentifiers, query: () => Promise<number>): Promise<number> {
    const group = JSON.stringify([recipient.name, identifiers]);
    if (!this.groups.has(group)) this.groups.set(group, query());
    return this.groups.get(group) as Promise<number>;
  }
}
