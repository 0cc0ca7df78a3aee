import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PatientProfile, QuasiIdentifiers } from '../domain/generaliser';
import type { Recipient } from '../domain/recipient';

export interface KnownPatient extends PatientProfile {
  patientId: string;
  nhsNumber: string;
  firstSeenAt: Date;
  onNational: boolean;
  onType1: boolean;
  supersededBy: string | null;
}

const SELECT = `
  select p.patient_id as "patientId", p.nhs_number as "nhsNumber", p.year_of_birth as "yearOfBirth", p.postcode_district as "postcodeDistrict",
         p.gender, p.practice_ods_code as "practiceOdsCode", p.first_seen_at as "firstSeenAt", p.superseded_by as "supersededBy",
         exists (select 1 from opt_out_entry e where e.kind = 'national' and e.nhs_number = p.nhs_number) as "onNational",
         exists (select 1 from opt_out_entry e where e.kind = 'type1' and e.nhs_number = p.nhs_number) as "onType1"
    from analytics_patient p`;

/** Patients as identity's events describe them, generalised on arrival, with their place on the opt-out lists. */
@Injectable()
export class AnalyticsPatientsRepository {
  async upsert(manager: EntityManager, patientId: string, nhsNumber: string, profile: PatientProfile, seenAt: Date): Promise<void> {
    await manager.query(
      `insert into analytics_patient (patient_id, nhs_number, year_of_birth, postcode_district, gender, practice_ods_code, first_seen_at)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (patient_id) do update set nhs_number = excluded.nhs_number, year_of_birth = excluded.year_of_birth,
         postcode_district = excluded.postcode_district, gender = excluded.gender, practice_ods_code = excluded.practice_ods_code`,
      [patientId, nhsNumber, profile.yearOfBirth, profile.postcodeDistrict, profile.gender, profile.practiceOdsCode, seenAt],
    );
  }

  /** Changes some of the profile; a patient not yet known is left for their registration to add. */
  async update(manager: EntityManager, patientId: string, change: Partial<PatientProfile>): Promise<void> {
    const columns: Record<keyof PatientProfile, string> = { yearOfBirth: 'year_of_birth', postcodeDistrict: 'postcode_district', gender: 'gender', practiceOdsCode: 'practice_ods_code' };
    const entries = Object.entries(change) as Array<[keyof PatientProfile, unknown]>;
    if (entries.length === 0) return;
    const sets = entries.map(([field], i) => `${columns[field]} = $${i + 2}`).join(', ');
    await manager.query(`update analytics_patient set ${sets} where patient_id = $1`, [patientId, ...entries.map(([, value]) => value)]);
  }

  /**
   * Marks a merged-away record: it no longer counts in k-anonymity groups (its survivor is the same person), and
   * its records, held or still arriving, are the survivor's.
   */
  async supersede(manager: EntityManager, supersededPatientId: string, survivingPatientId: string): Promise<void> {
    await manager.query('update analytics_patient set superseded_by = $2 where patient_id = $1', [supersededPatientId, survivingPatientId]);
    await manager.query('update held_record set patient_id = $2 where patient_id = $1', [supersededPatientId, survivingPatientId]);
  }

  /** The patient, or the end of their merge chain when their record was merged away. */
  async find(manager: EntityManager, patientId: string): Promise<KnownPatient | null> {
    let current = patientId;
    for (let hops = 0; hops < 10; hops++) {
      const [row] = await manager.query(`${SELECT} where p.patient_id = $1`, [current]);
      if (!row?.supersededBy) return row ?? null;
      current = row.supersededBy;
    }
    return null;
  }

  /** Each patient (by the id asked for) at the end of their merge chain: one query, and one more per hop of a merged-away record. */
  async findMany(manager: EntityManager, patientIds: string[]): Promise<Map<string, KnownPatient>> {
    const found = new Map<string, KnownPatient>();
    if (patientIds.length === 0) return found;
    const rows: KnownPatient[] = await manager.query(`${SELECT} where p.patient_id = any($1::uuid[])`, [patientIds]);
    for (const row of rows) {
      const patient = row.supersededBy ? await this.find(manager, row.supersededBy) : row;
      if (patient) found.set(row.patientId, patient);
    }
    return found;
  }

  /**
   * How many patients the recipient may receive share a group: those whose quasi-identifiers, generalised as the
   * recipient's are (`identifiers`, from the domain's generalise), are equal; those on the national list, or every
   * known patient when the recipient is exempt; a merged-away record not at all (its survivor is the same person).
   */
  async groupSize(manager: EntityManager, identifiers: QuasiIdentifiers, recipient: Recipient): Promise<number> {
    const conditions: string[] = ['p.superseded_by is null'];
    const params: unknown[] = [];
    const equal = (column: string, value: unknown) => {
      params.push(value);
      conditions.push(`${column} is not distinct from $${params.length}`);
    };
    const band = recipient.generalisation.yearOfBirthBand;
    if (recipient.fields.includes('yearOfBirth')) equal(`(p.year_of_birth / ${band}) * ${band}`, identifiers.yearOfBirth);
    if (recipient.fields.includes('postcodeDistrict')) {
      equal(recipient.generalisation.postcode === 'area' ? `substring(p.postcode_district from '^[A-Z]+')` : 'p.postcode_district', identifiers.postcodeDistrict);
    }
    if (recipient.fields.includes('gender')) equal('p.gender', identifiers.gender);
    if (recipient.fields.includes('practiceOdsCode')) equal('p.practice_ods_code', identifiers.practiceOdsCode);
    if (recipient.nationalDataOptOut.applies) conditions.push(`exists (select 1 from opt_out_entry e where e.kind = 'national' and e.nhs_number = p.nhs_number)`);
    const [row] = await manager.query(`select count(*)::int as n from analytics_patient p where ${conditions.join(' and ')}`, params);
    return row.n;
  }

  /** Patients that recipients received records of and who have not been withdrawn: those a refresh may withdraw. */
  async released(manager: EntityManager): Promise<Array<{ recipient: string; patient: KnownPatient }>> {
    const rows: Array<KnownPatient & { recipient: string }> = await manager.query(
      `select r.recipient, x.* from released_patient r join (${SELECT}) x on x."patientId" = r.patient_id where r.withdrawn_at is null`,
    );
    return rows.map(({ recipient, ...patient }) => ({ recipient, patient }));
  }

  /** Each (recipient, patient) whose records went out, in one statement. */
  async markReleased(manager: EntityManager, releases: Array<{ recipient: string; patientId: string }>): Promise<void> {
    if (releases.length === 0) return;
    await manager.query(
      'insert into released_patient (recipient, patient_id) select * from unnest($1::text[], $2::uuid[]) on conflict do nothing',
      [releases.map((r) => r.recipient), releases.map((r) => r.patientId)],
    );
  }

  async markWithdrawn(manager: EntityManager, recipient: string, patientId: string, at: Date): Promise<void> {
    await manager.query('update released_patient set withdrawn_at = $3 where recipient = $1 and patient_id = $2', [recipient, patientId, at]);
  }
}
