import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PatientDataAccessed } from '@care-events/contracts';

export interface AccessLogEntry {
  accessedAt: Date;
  accessor: { kind: string; id: string; role: string | null; odsCode: string | null };
  what: string;
  purpose: string;
  breakGlass: boolean;
  breakGlassReason: string | null;
  outcome: string;
  denialReason: string | null;
  service: string;
}

interface AccessLogRow {
  accessed_at: Date;
  accessor_kind: string;
  accessor_id: string;
  accessor_role: string | null;
  accessor_ods_code: string | null;
  what: string;
  purpose: string;
  break_glass: boolean;
  break_glass_reason: string | null;
  outcome: string;
  denial_reason: string | null;
  service: string;
}

/** Every service's reads of each patient's data, from audit.access.v1. */
@Injectable()
export class AccessLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async addAll(manager: EntityManager, events: PatientDataAccessed[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `insert into access_log_entry (event_id, patient_id, accessed_at, accessor_kind, accessor_id, accessor_role, accessor_ods_code,
                                     what, purpose, break_glass, break_glass_reason, outcome, denial_reason, service)
       select (e ->> 'eventId')::uuid, (e ->> 'patientId')::uuid, to_timestamp((e ->> 'occurredAt')::bigint / 1000.0), e ->> 'kind', e ->> 'id',
              e ->> 'role', e ->> 'odsCode', e ->> 'what', e ->> 'purpose', (e ->> 'breakGlass')::boolean, e ->> 'breakGlassReason',
              e ->> 'outcome', e ->> 'denialReason', e ->> 'service'
         from jsonb_array_elements($1::jsonb) as entry (e)
       on conflict (event_id) do nothing`,
      [JSON.stringify(events.map(flatten))],
    );
  }

  /** The patient's latest reads first. */
  async latestOf(patientId: string, limit: number): Promise<AccessLogEntry[]> {
    const rows: AccessLogRow[] = await this.dataSource.query(
      'select * from access_log_entry where patient_id = $1 order by accessed_at desc, event_id limit $2',
      [patientId, limit],
    );
    return rows.map((row) => ({
      accessedAt: row.accessed_at,
      accessor: { kind: row.accessor_kind, id: row.accessor_id, role: row.accessor_role, odsCode: row.accessor_ods_code },
      what: row.what,
      purpose: row.purpose,
      breakGlass: row.break_glass,
      breakGlassReason: row.break_glass_reason,
      outcome: row.outcome,
      denialReason: row.denial_reason,
      service: row.service,
    }));
  }
}

function flatten(event: PatientDataAccessed) {
  const { metadata, accessor, ...read } = event;
  return { eventId: metadata.eventId, patientId: metadata.patientId, occurredAt: metadata.occurredAt, ...accessor, ...read };
}
