import { Injectable } from '@nestjs/common';
import { EntityManager, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { SqlStatement } from '@care-events/transactional-messaging';
import { Patient } from '../domain/patient';
import { PatientEntity } from './patient.entity';

/** Patients in PostgreSQL. Writes take the patient's row lock so that one patient's changes (and events) are serialised. */
@Injectable()
export class PatientRepository {
  constructor(@InjectRepository(PatientEntity) private readonly patients: Repository<PatientEntity>) {}

  async findById(id: string): Promise<Patient | null> {
    return this.patients.findOneBy({ id });
  }

  /** Live record first, then any duplicates a merge superseded that carried the number. */
  async findByNhsNumber(nhsNumber: string): Promise<Patient[]> {
    const rows = await this.patients.find({ where: { nhsNumber } });
    return rows.sort((a, b) => Number(a.status === 'superseded') - Number(b.status === 'superseded'));
  }

  /** Loads and locks patients for update, in id order so that two merges cannot deadlock. */
  async lockByIds(manager: EntityManager, ids: string[]): Promise<Map<string, Patient>> {
    const rows = await manager
      .getRepository(PatientEntity)
      .createQueryBuilder('patient')
      .where('patient.id in (:...ids)', { ids })
      .orderBy('patient.id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async findLiveByNhsNumber(nhsNumber: string): Promise<Patient | null> {
    return this.patients.createQueryBuilder('patient')
      .where('patient.nhs_number = :nhsNumber', { nhsNumber })
      .andWhere(`patient.status <> 'superseded'`)
      .getOne();
  }

  /** A new patient's row as one insert statement, for the statement that writes it with its events. */
  insertStatement(patient: Patient): SqlStatement {
    const [text, values] = this.patients.createQueryBuilder().insert().into(PatientEntity).values(patient).getQueryAndParameters();
    return { text, values };
  }

  async update(manager: EntityManager, patient: Patient): Promise<void> {
    const { id, ...fields } = patient;
    await manager.getRepository(PatientEntity).update({ id }, fields);
  }
}
