import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CarePatient } from '../domain/care-patient';
import { MAX_MERGE_CHAIN } from '../domain/care-state';
import { CarePatientEntity } from './care-patient.entity';

interface CarePatientRow {
  patient_id: string;
  registered: boolean;
  sensitive: boolean;
  deceased: boolean;
  surviving_patient_id: string | null;
  registered_gp_ods_code: string | null;
}

/**
 * The router's patients. A patient's row is the lock that serialises everything the router does for
 * them: events from five topics, follows and the sweep, so relationship changes never interleave.
 */
@Injectable()
export class CarePatientRepository {
  find(manager: EntityManager, patientId: string): Promise<CarePatient | null> {
    return manager.getRepository(CarePatientEntity).findOne({ where: { patientId } }).then((row) => row && toPatient(row));
  }

  /** Locks the patient's row, adding it first for a patient not seen before. */
  async lock(manager: EntityManager, patientId: string): Promise<CarePatient> {
    const [patient] = await this.lockAll(manager, [patientId]);
    return patient;
  }

  /**
   * Locks the patients' rows in one statement, adding those not seen before. In id order, so two
   * transactions locking some of the same patients wait for each other instead of deadlocking.
   */
  async lockAll(manager: EntityManager, patientIds: string[]): Promise<CarePatient[]> {
    // "do update" locks the row it conflicts with, as select ... for update would.
    const rows: CarePatientRow[] = await manager.query(
      `insert into care_patient (patient_id) select distinct id from unnest($1::uuid[]) as patient (id) order by id
       on conflict (patient_id) do update set patient_id = excluded.patient_id
       returning patient_id, registered, sensitive, deceased, surviving_patient_id, registered_gp_ods_code`,
      [patientIds],
    );
    return rows.map(fromRow);
  }

  /** Locks the patients and every record their merge chains lead to: all that applying their events may need. */
  async lockWithMergeChains(manager: EntityManager, patientIds: string[]): Promise<CarePatient[]> {
    const locked = new Map<string, CarePatient>();
    let wanted = patientIds;
    for (let step = 0; wanted.length > 0 && step <= MAX_MERGE_CHAIN; step++) {
      for (const patient of await this.lockAll(manager, wanted)) locked.set(patient.patientId, patient);
      wanted = [...locked.values()].flatMap((patient) => (patient.survivingPatientId && !locked.has(patient.survivingPatientId) ? [patient.survivingPatientId] : []));
    }
    return [...locked.values()];
  }

  /** Locks the patient's row when there is one. */
  async lockExisting(manager: EntityManager, patientId: string): Promise<CarePatient | null> {
    const row = await manager.getRepository(CarePatientEntity).findOne({ where: { patientId }, lock: { mode: 'pessimistic_write' } });
    return row && toPatient(row);
  }

  /** Like lockExisting, but null at once when another transaction holds the row. */
  async lockUnlessBusy(manager: EntityManager, patientId: string): Promise<CarePatient | null> {
    const row = await manager
      .getRepository(CarePatientEntity)
      .createQueryBuilder('patient')
      .where('patient.patient_id = :patientId', { patientId })
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
    return row && toPatient(row);
  }

  /**
   * Locks the record that holds the patient's care now: the patient, or the end of the chain of merges
   * from them. Each record on the way stays locked, so no merge of them commits meanwhile.
   */
  async lockCurrentRecordOf(manager: EntityManager, patientId: string): Promise<CarePatient> {
    let patient = await this.lock(manager, patientId);
    for (let step = 0; patient.survivingPatientId && step < MAX_MERGE_CHAIN; step++) patient = await this.lock(manager, patient.survivingPatientId);
    return patient;
  }

  async saveAll(manager: EntityManager, patients: CarePatient[]): Promise<void> {
    if (patients.length === 0) return;
    await manager.query(
      `update care_patient p
          set registered = u.registered, sensitive = u.sensitive, deceased = u.deceased,
              surviving_patient_id = u.surviving_patient_id, registered_gp_ods_code = u.registered_gp_ods_code, updated_at = now()
         from unnest($1::uuid[], $2::boolean[], $3::boolean[], $4::boolean[], $5::uuid[], $6::text[])
              as u (patient_id, registered, sensitive, deceased, surviving_patient_id, registered_gp_ods_code)
        where p.patient_id = u.patient_id`,
      [
        patients.map((p) => p.patientId),
        patients.map((p) => p.registered),
        patients.map((p) => p.sensitive),
        patients.map((p) => p.deceased),
        patients.map((p) => p.survivingPatientId),
        patients.map((p) => p.registeredGpOdsCode),
      ],
    );
  }
}

const fromRow = (row: CarePatientRow): CarePatient => ({
  patientId: row.patient_id,
  registered: row.registered,
  sensitive: row.sensitive,
  deceased: row.deceased,
  survivingPatientId: row.surviving_patient_id,
  registeredGpOdsCode: row.registered_gp_ods_code,
});

const toPatient = (row: CarePatientEntity): CarePatient => ({
  patientId: row.patientId,
  registered: row.registered,
  sensitive: row.sensitive,
  deceased: row.deceased,
  survivingPatientId: row.survivingPatientId,
  registeredGpOdsCode: row.registeredGpOdsCode,
});
