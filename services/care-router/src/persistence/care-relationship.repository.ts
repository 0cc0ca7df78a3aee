import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CareRelationship, RelationshipKind } from '../domain/care-relationship';
import { RelationshipEnd, RelationshipReschedule } from '../domain/care-relationship-rules';
import { CareRelationshipEntity } from './care-relationship.entity';

/** Care relationships in PostgreSQL. Ended ones are kept: they answer "who was related when" and whose a report is. */
@Injectable()
export class CareRelationshipRepository {
  /**
   * What an event at `at` needs: the patient's open relationships, those that were still active at
   * `at` though ended since (an event from a lagging topic), and every one of `source`.
   */
  forEvent(manager: EntityManager, patientId: string, at: Date, source: { kind: RelationshipKind; sourceId: string } | null): Promise<CareRelationship[]> {
    return manager
      .getRepository(CareRelationshipEntity)
      .createQueryBuilder('r')
      .where('r.patient_id = :patientId', { patientId })
      .andWhere('(r.ended_at is null or r.ended_at > :at or (r.kind = :kind and r.source_id = :sourceId))', {
        at,
        kind: source?.kind ?? null,
        sourceId: source?.sourceId ?? null,
      })
      .orderBy('r.started_at')
      .addOrderBy('r.id')
      .getMany();
  }

  /**
   * What the events of a batch may need (see relevantAt): the patients' open relationships, those
   * ended after the earliest event's time, and every one of the events' sources.
   */
  forEvents(manager: EntityManager, patientIds: string[], earliest: Date, sourceIds: string[]): Promise<CareRelationship[]> {
    return manager
      .getRepository(CareRelationshipEntity)
      .createQueryBuilder('r')
      .where('r.patient_id = any(:patientIds)', { patientIds })
      .andWhere('(r.ended_at is null or r.ended_at > :earliest or r.source_id = any(:sourceIds))', { earliest, sourceIds })
      .getMany();
  }

  /** Whether the organisation has a relationship with the patient that is open at `at` (not ended, not past its scheduled end). */
  async isOpen(manager: EntityManager, patientId: string, odsCode: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `select 1 from care_relationship where patient_id = $1 and ods_code = $2 and ended_at is null and (ends_at is null or ends_at > $3) limit 1`,
      [patientId, odsCode, at],
    );
    return rows.length > 0;
  }

  /** The patient's relationships open now or ended since `since`, the latest first. */
  recent(manager: EntityManager, patientId: string, since: Date): Promise<CareRelationship[]> {
    return manager
      .getRepository(CareRelationshipEntity)
      .createQueryBuilder('r')
      .where('r.patient_id = :patientId', { patientId })
      .andWhere('(r.ended_at is null or r.ended_at >= :since)', { since })
      .orderBy('r.started_at', 'DESC')
      .addOrderBy('r.id')
      .getMany();
  }

  /** The follow's latest relationship: a merge ends it on one record and starts it, with the same sourceId, on the survivor. */
  latestFollow(manager: EntityManager, followId: string): Promise<CareRelationship | null> {
    return manager.getRepository(CareRelationshipEntity).findOne({ where: { kind: 'FOLLOW', sourceId: followId }, order: { startedAt: 'DESC' } });
  }

  /** Stores new relationships in one statement, however many. */
  async insert(manager: EntityManager, relationships: CareRelationship[]): Promise<void> {
    if (relationships.length === 0) return;
    await manager.query(
      `insert into care_relationship (id, patient_id, ods_code, kind, source_id, started_at, ends_at, ended_at, end_reason, reason, created_by, ended_by)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
                            $9::text[], $10::text[], $11::jsonb[], $12::jsonb[])`,
      [
        relationships.map((r) => r.id),
        relationships.map((r) => r.patientId),
        relationships.map((r) => r.odsCode),
        relationships.map((r) => r.kind),
        relationships.map((r) => r.sourceId),
        relationships.map((r) => r.startedAt),
        relationships.map((r) => r.endsAt),
        relationships.map((r) => r.endedAt),
        relationships.map((r) => r.endReason),
        relationships.map((r) => r.reason),
        relationships.map((r) => json(r.createdBy)),
        relationships.map((r) => json(r.endedBy)),
      ],
    );
  }

  /** Stores what may change of existing relationships (their scheduled end and their end), in one statement. */
  async update(manager: EntityManager, relationships: CareRelationship[]): Promise<void> {
    if (relationships.length === 0) return;
    await manager.query(
      `update care_relationship r set ends_at = u.ends_at, ended_at = u.ended_at, end_reason = u.end_reason, ended_by = u.ended_by
         from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::jsonb[]) as u (id, ends_at, ended_at, end_reason, ended_by)
        where r.id = u.id`,
      [
        relationships.map((r) => r.id),
        relationships.map((r) => r.endsAt),
        relationships.map((r) => r.endedAt),
        relationships.map((r) => r.endReason),
        relationships.map((r) => json(r.endedBy)),
      ],
    );
  }

  async end(manager: EntityManager, ends: RelationshipEnd[]): Promise<void> {
    for (const { relationship, endedAt, why, endedBy } of ends) {
      await manager.getRepository(CareRelationshipEntity).update({ id: relationship.id }, { endedAt, endReason: why, endedBy });
    }
  }

  async reschedule(manager: EntityManager, reschedules: RelationshipReschedule[]): Promise<void> {
    for (const { relationship, endsAt } of reschedules) await manager.getRepository(CareRelationshipEntity).update({ id: relationship.id }, { endsAt });
  }

  /** Patients with an open relationship whose scheduled end is at or before `now`, the longest overdue first. */
  async patientsWithDue(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = (await manager.query(
      `select patient_id from care_relationship where ended_at is null and ends_at <= $1 group by patient_id order by min(ends_at) limit $2`,
      [now, limit],
    )) as Array<{ patient_id: string }>;
    return rows.map((row) => row.patient_id);
  }
}

const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
