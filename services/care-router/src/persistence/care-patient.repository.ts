import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CarePatient } from '../domain/care-patient';
import { CarePatientEntity } from './care-patient.entity';

/** Merge chains longer than this are a loop in the data, not a real history. */
const MAX_MERGE_CHAIN = 100;

/**
 * The router's patients. A patient's row is the lock that serialises everything the router does for
 * them: events from five topics, follows and the sweep, so relationship changes never interleave.
 */
@Injectable()
export class CarePatientRepository {
  find(manager: EntityManager, patientId: string): Promise<CarePatient | null> {
    return manager.getRepository(CarePatientEntity).findOne({ where: { patientId } }).then((row) => row && toPatient(row));
  }

  /** Locks the patient's row, adding it first for a patient not seen before: one statement, as every event takes it. */
  async lock(manager: EntityManager, patientId: string): Promise<CarePatient> {
    // "do update" locks the row it conflicts with, as select ... for update would.
    const [row] = (await manager.query(
      `insert into care_patient (patient_id) values ($1)
       on conflict (patient_id) do update set patient_id = excluded.patient_id
       returning patient_id, registered, sensitive, deceased, surviving_patient_id, registered_gp_ods_code`,
      [patientId],
    )) as Array<{ patient_id: string; registered: boolean; sensitive: boolean; deceased: boolean; surviving_patient_id: string | null; registered_gp_ods_code: string | null }>;
    return {
      patientId: row.patient_id,
      registered: row.registered,
      sensitive: row.sensitive,
      deceased: row.deceased,
      survivingPatientId: row.surviving_patient_id,
      registeredGpOdsCode: row.registered_gp_ods_code,
    };
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

  async save(manager: EntityManager, { patientId, ...state }: CarePatient): Promise<void> {
    await manager.getRepository(CarePatientEntity).update({ patientId }, { ...state, updatedAt: new Date() });
  }
}

const toPatient = (row: CarePatientEntity): CarePatient => ({
  patientId: row.patientId,
  registered: row.registered,
  sensitive: row.sensitive,
  deceased: row.deceased,
  survivingPatientId: row.survivingPatientId,
  registeredGpOdsCode: row.registeredGpOdsCode,
});
