import { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export interface PatientOwned {
  id: string;
  patientId: string;
  recordedAt: Date;
}

/** One table of records that each belong to a patient. Every method runs in the caller's manager (transaction). */
export abstract class PatientRecordsRepository<T extends PatientOwned> {
  protected constructor(private readonly target: EntityTarget<T>) {}

  findById(manager: EntityManager, id: string): Promise<T | null> {
    return manager.getRepository(this.target).findOneBy({ id } as FindOptionsWhere<T>);
  }

  /** The patient the record belongs to, or null when there is no such record. */
  async patientOf(manager: EntityManager, id: string): Promise<string | null> {
    return (await this.findById(manager, id))?.patientId ?? null;
  }

  /** Oldest first, as the record was written. */
  findByPatient(manager: EntityManager, patientId: string, where: FindOptionsWhere<T> = {}): Promise<T[]> {
    return manager.getRepository(this.target).find({
      where: { ...where, patientId } as FindOptionsWhere<T>,
      order: { recordedAt: 'ASC', id: 'ASC' } as FindOptionsOrder<T>,
    });
  }

  async insert(manager: EntityManager, record: T): Promise<void> {
    await manager.getRepository(this.target).insert(partial(record));
  }

  async update(manager: EntityManager, record: T): Promise<void> {
    const { id, ...fields } = record;
    await manager.getRepository(this.target).update(id, partial<T>(fields));
  }

  /** Gives every record of one patient to another (a merge); answers the ids that moved. */
  async moveToPatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<string[]> {
    const result = await manager.createQueryBuilder()
      .update(this.target)
      .set(partial<T>({ patientId: toPatientId }))
      .where('patient_id = :fromPatientId', { fromPatientId })
      .returning('id')
      .execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id).sort();
  }
}

// TypeORM cannot relate a generic entity type to its own partial-update type.
const partial = <T>(fields: object) => fields as QueryDeepPartialEntity<T>;
