import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActiveAllergy } from '../domain/medication';
import { PatientAllergyEntity } from './patient-allergy.entity';

/** The patients' active allergies. Every method runs in the caller's transaction. */
@Injectable()
export class PatientAllergyRepository {
  async activeFor(manager: EntityManager, patientId: string): Promise<ActiveAllergy[]> {
    const rows = await manager.getRepository(PatientAllergyEntity).find({ where: { patientId }, order: { allergyId: 'ASC' } });
    return rows.map((row) => ({ allergyId: row.allergyId, substance: { conceptId: row.substanceConceptId, term: row.substanceTerm } }));
  }

  /** Adds an allergy unless already known: a redelivered event changes nothing. */
  async add(manager: EntityManager, patientId: string, allergy: ActiveAllergy): Promise<void> {
    await manager.query(
      `insert into patient_allergy (allergy_id, patient_id, substance_concept_id, substance_term) values ($1, $2, $3, $4)
       on conflict (allergy_id) do nothing`,
      [allergy.allergyId, patientId, allergy.substance.conceptId, allergy.substance.term],
    );
  }

  async remove(manager: EntityManager, allergyId: string): Promise<void> {
    await manager.getRepository(PatientAllergyEntity).delete({ allergyId });
  }

  async movePatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<void> {
    await manager.getRepository(PatientAllergyEntity).update({ patientId: fromPatientId }, { patientId: toPatientId });
  }
}
