import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CareRecord } from '../domain/care-record';
import { CareRecordPart, CareRecordSource, partOf, recordOfPart } from '../domain/care-record-sources';

/** Merge chains longer than this are a loop in the data, not a real history. */
const MAX_MERGE_CHAIN = 100;

interface PartRow {
  patient_id: string;
  document: CareRecordPart;
  superseded_by: string | null;
}

/** The care records: one part per patient and source (care_record_part), put together by the view care_record. */
@Injectable()
export class CareRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the source's parts of the patients' records and of every record their merge chains lead
   * to, adding empty ones for patients not seen before: a source's partitions are read at the same
   * time, and a merge names patients of two of them. All in one statement, in id order, so that two
   * batches wait for each other instead of deadlocking: when a locked part leads to a record not
   * locked, those locks are given back (to a savepoint) and the larger set is locked afresh.
   * Gives each as a record holding only that part.
   */
  async lockWithMergeChains(manager: EntityManager, source: CareRecordSource, patientIds: string[]): Promise<CareRecord[]> {
    let wanted = new Set(patientIds);
    for (let attempt = 0; attempt <= MAX_MERGE_CHAIN; attempt++) {
      await manager.query('savepoint lock_care_records');
      const records = await this.lockAll(manager, source, [...wanted]);
      const missing = records.flatMap((record) => (record.supersededBy && !wanted.has(record.supersededBy) ? [record.supersededBy] : []));
      if (missing.length === 0) {
        await manager.query('release savepoint lock_care_records');
        return records;
      }
      await manager.query('rollback to savepoint lock_care_records');
      wanted = new Set([...wanted, ...missing]);
    }
    throw new Error(`the merge chains of patients ${patientIds.join(', ')} are longer than ${MAX_MERGE_CHAIN} records`);
  }

  /** Writes the source's part of each record in one statement; each was locked by lockWithMergeChains in this transaction. */
  async saveAll(manager: EntityManager, source: CareRecordSource, records: CareRecord[]): Promise<void> {
    if (records.length === 0) return;
    const parts = records.map((record) => ({ patientId: record.patientId, supersededBy: record.supersededBy, part: partOf(record, source) }));
    await manager.query(
      `update care_record_part p
          set document = u.row -> 'part', superseded_by = (u.row ->> 'supersededBy')::uuid,
              nhs_number = u.row -> 'part' ->> 'nhsNumber', updated_at = now()
         from jsonb_array_elements($1::jsonb) as u (row)
        where p.patient_id = (u.row ->> 'patientId')::uuid and p.source = $2`,
      [JSON.stringify(parts), source],
    );
  }

  async find(patientId: string): Promise<CareRecord | null> {
    const rows: Array<{ document: CareRecord }> = await this.dataSource.query('select document from care_record where patient_id = $1', [patientId]);
    return rows[0]?.document ?? null;
  }

  /** The record with this NHS number: the current one when a merged-away record has it too. */
  async findByNhsNumber(nhsNumber: string): Promise<CareRecord | null> {
    const rows: Array<{ patient_id: string }> = await this.dataSource.query(
      `select patient_id from care_record_part where source = 'identity' and nhs_number = $1
        order by superseded_by is not null, updated_at desc limit 1`,
      [nhsNumber],
    );
    return rows.length ? this.find(rows[0].patient_id) : null;
  }

  private async lockAll(manager: EntityManager, source: CareRecordSource, patientIds: string[]): Promise<CareRecord[]> {
    const sorted = [...patientIds].sort();
    // "do update ... where false" locks the row it conflicts with, as select ... for update would,
    // without writing a new version of it: the batch writes each part once, in saveAll.
    await manager.query(
      `insert into care_record_part (patient_id, source, document)
       select id, $2, '{}'::jsonb from unnest($1::uuid[]) as patient (id) order by id
       on conflict (patient_id, source) do update set document = excluded.document where false`,
      [sorted, source],
    );
    const rows: PartRow[] = await manager.query(
      'select patient_id, document, superseded_by from care_record_part where patient_id = any($1::uuid[]) and source = $2',
      [sorted, source],
    );
    return rows.map((row) => recordOfPart(row.patient_id, row.document, row.superseded_by));
  }
}
