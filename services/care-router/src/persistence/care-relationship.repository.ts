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

  async insert(manager: EntityManager, relationships: CareRelationship[]): Promise<void> {
    if (relationships.length) await manager.getRepository(CareRelationshipEntity).insert(relationships);
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
