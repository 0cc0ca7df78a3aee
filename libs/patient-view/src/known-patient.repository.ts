import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { KnownPatient } from './known-patient';
import { KnownPatientEntity } from './known-patient.entity';

/** The known_patient table. Every method runs in the caller's transaction. */
@Injectable()
export class KnownPatientRepository {
  /** Loads and locks the rows, in id order so that two transactions cannot deadlock on them. */
  async lock(manager: EntityManager, patientIds: string[]): Promise<Map<string, KnownPatient>> {
    const rows = await manager.getRepository(KnownPatientEntity).createQueryBuilder('patient')
      .where('patient.patient_id in (:...patientIds)', { patientIds })
      .orderBy('patient.patient_id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [row.patientId, row]));
  }

  /**
   * Locks the patient's row and, while the row locked last names a survivor, the survivor's: gives
   * the record that now holds the patient's data, which no merge can move on until the transaction
   * ends. Rows are locked along the chain, the order every merge and write follows it in.
   */
  async lockCurrentRecord(manager: EntityManager, patientId: string): Promise<KnownPatient | undefined> {
    let patient = (await this.lock(manager, [patientId])).get(patientId);
    const seen = new Set<string>();
    while (patient?.survivingPatientId) {
      if (seen.has(patient.patientId)) throw new Error(`the merges of patient ${patientId} form a cycle`);
      seen.add(patient.patientId);
      const survivingPatientId = patient.survivingPatientId;
      patient = (await this.lock(manager, [survivingPatientId])).get(survivingPatientId);
    }
    return patient;
  }

  async find(manager: EntityManager, patientId: string): Promise<KnownPatient | null> {
    return manager.getRepository(KnownPatientEntity).findOneBy({ patientId });
  }

  /** Adds a patient as active unless already known (a merge may have named it first). */
  async addIfUnknown(manager: EntityManager, patientId: string): Promise<void> {
    await manager.query(`insert into known_patient (patient_id, status) values ($1, 'active') on conflict (patient_id) do nothing`, [patientId]);
  }

  /** The patient's registration: adds them as active, or gives a patient another event made known first their NHS number. */
  async addRegistered(manager: EntityManager, patientId: string, nhsNumber: string): Promise<void> {
    await manager.query(
      `insert into known_patient (patient_id, status, nhs_number) values ($1, 'active', $2)
       on conflict (patient_id) do update set nhs_number = excluded.nhs_number where known_patient.nhs_number is null`,
      [patientId, nhsNumber],
    );
  }

  /** addRegistered for each registration in order, in one statement; a patient registered twice in the list keeps its first NHS number, as in order. */
  async addAllRegistered(manager: EntityManager, registrations: Array<{ patientId: string; nhsNumber: string }>): Promise<void> {
    const first = new Map<string, string>();
    for (const { patientId, nhsNumber } of registrations) if (!first.has(patientId)) first.set(patientId, nhsNumber);
    await manager.query(
      `insert into known_patient (patient_id, status, nhs_number)
       select patient_id, 'active', nhs_number from unnest($1::uuid[], $2::text[]) as registered (patient_id, nhs_number)
       on conflict (patient_id) do update set nhs_number = excluded.nhs_number where known_patient.nhs_number is null`,
      [[...first.keys()], [...first.values()]],
    );
  }

  async nhsNumberOf(manager: EntityManager, patientId: string): Promise<string | null> {
    const rows: Array<{ nhs_number: string | null }> = await manager.query('select nhs_number from known_patient where patient_id = $1', [patientId]);
    return rows[0]?.nhs_number ?? null;
  }

  /** Updates a row the caller has locked (TypeORM's save would read it again first). */
  async update(manager: EntityManager, { patientId, status, dateOfDeath, survivingPatientId }: KnownPatient): Promise<void> {
    await manager.getRepository(KnownPatientEntity).update({ patientId }, { status, dateOfDeath, survivingPatientId });
  }
}
