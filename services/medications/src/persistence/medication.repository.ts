import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Dispensation, Medication } from '../domain/medication';
import { DispensationEntity } from './dispensation.entity';
import { MedicationEntity } from './medication.entity';

/** Medications and their dispensations. Writes run in the caller's transaction, under the patient's lock. */
@Injectable()
export class MedicationRepository {
  constructor(
    @InjectRepository(MedicationEntity) private readonly medications: Repository<MedicationEntity>,
    @InjectRepository(DispensationEntity) private readonly dispensations: Repository<DispensationEntity>,
  ) {}

  async findById(id: string, manager?: EntityManager): Promise<Medication | null> {
    const repository = manager?.getRepository(MedicationEntity) ?? this.medications;
    return repository.findOneBy({ id }).then((row) => row && toMedication(row));
  }

  async findByPatient(patientId: string): Promise<Medication[]> {
    const rows = await this.medications.find({ where: { patientId }, order: { prescribedAt: 'DESC' } });
    return rows.map(toMedication);
  }

  async findDispensations(medicationId: string): Promise<Dispensation[]> {
    return this.dispensations.find({ where: { medicationId }, order: { dispensedAt: 'ASC' } });
  }

  async insert(manager: EntityManager, medication: Medication): Promise<void> {
    await manager.getRepository(MedicationEntity).insert(medication);
  }

  async update(manager: EntityManager, medication: Medication): Promise<void> {
    const { id, ...fields } = medication;
    await manager.getRepository(MedicationEntity).update({ id }, fields);
  }

  async insertDispensation(manager: EntityManager, dispensation: Dispensation): Promise<void> {
    await manager.getRepository(DispensationEntity).insert(dispensation);
  }

  /** Moves a patient's medications and dispensations to another patient; gives the moved medication ids. */
  async moveToPatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<string[]> {
    const [rows] = (await manager.query('update medication set patient_id = $2 where patient_id = $1 returning id', [fromPatientId, toPatientId])) as [
      Array<{ id: string }>,
      number,
    ];
    await manager.query('update dispensation set patient_id = $2 where patient_id = $1', [fromPatientId, toPatientId]);
    return rows.map((row) => row.id).sort();
  }
}

function toMedication({ updatedAt: _updatedAt, ...medication }: MedicationEntity): Medication {
  return medication;
}
