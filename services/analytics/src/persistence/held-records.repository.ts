import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { HoldReason } from '../domain/opt-out-gate';

export interface HeldRecord {
  id: string;
  recipient: string;
  patientId: string;
  eventType: string;
  eventId: string;
  occurredAt: Date;
  gpSourced: boolean;
  body: Record<string, unknown>;
}

/** Records the gate holds back (list missing or stale, patient not yet checked or not yet known), per recipient. */
@Injectable()
export class HeldRecordsRepository {
  async hold(manager: EntityManager, record: Omit<HeldRecord, 'id'>, reason: HoldReason, at: Date): Promise<void> {
    await manager.query(
      `insert into held_record (recipient, patient_id, event_type, event_id, occurred_at, gp_sourced, body, reason, held_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (recipient, event_id) do update set reason = excluded.reason`,
      [record.recipient, record.patientId, record.eventType, record.eventId, record.occurredAt, record.gpSourced, JSON.stringify(record.body), reason, at],
    );
  }

  /** Held records in arrival order, locked: one release at a time takes each. `patientId` narrows to one patient. */
  async lockAll(manager: EntityManager, patientId?: string): Promise<HeldRecord[]> {
    return manager.query(
      `select id, recipient, patient_id as "patientId", event_type as "eventType", event_id as "eventId", occurred_at as "occurredAt",
              gp_sourced as "gpSourced", body
         from held_record ${patientId ? 'where patient_id = $1' : ''} order by id for update skip locked`,
      patientId ? [patientId] : [],
    );
  }

  async setReason(manager: EntityManager, ids: string[], reason: HoldReason): Promise<void> {
    if (ids.length) await manager.query('update held_record set reason = $2 where id = any($1::bigint[])', [ids, reason]);
  }

  async remove(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.query('delete from held_record where id = any($1::bigint[])', [ids]);
  }

  async countsByReason(manager: EntityManager): Promise<Array<{ recipient: string; reason: string; n: number }>> {
    return manager.query('select recipient, reason, count(*)::int as n from held_record group by recipient, reason');
  }
}
