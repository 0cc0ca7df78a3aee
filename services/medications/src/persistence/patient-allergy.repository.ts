import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActiveAllergy } from '../domain/medication';
import { PatientAllergyEntity, PatientAllergyStatus } from './patient-allergy.entity';

/**
 * The patients' allergies, one row per allergy id in its latest state. Every method runs in the
 * caller's transaction.
 */
@Injectable()
export class PatientAllergyRepository {
  async activeFor(manager: EntityManager, patientId: string): Promise<ActiveAllergy[]> {
    const rows = await manager.getRepository(PatientAllergyEntity).find({ where: { patientId, status: 'active' }, order: { allergyId: 'ASC' } });
    return rows.map((row) => ({ allergyId: row.allergyId, substance: { conceptId: row.substanceConceptId, term: row.substanceTerm } }));
  }

  /** An allergy recorded: a redelivery, or one already entered in error, changes nothing. */
  async recorded(manager: EntityManager, patientId: string, allergy: ActiveAllergy): Promise<void> {
    await this.insert(manager, patientId, allergy, 'active', 'do nothing');
  }

  /** An allergy entered in error, before or after its recording arrived: it no longer counts. */
  async enteredInError(manager: EntityManager, patientId: string, allergy: ActiveAllergy): Promise<void> {
    await this.insert(manager, patientId, allergy, 'entered-in-error', `do update set status = 'entered-in-error'`);
  }

  async moveToPatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<void> {
    await manager.getRepository(PatientAllergyEntity).update({ patientId: fromPatientId }, { patientId: toPatientId });
  }

  private async insert(manager: EntityManager, patientId: string, allergy: ActiveAllergy, status: PatientAllergyStatus, onConflict: string) {
    await manager.query(
      `insert into patient_allergy (allergy_id, patient_id, substance_concept_id, substance_term, status) values ($1, $2, $3, $4, $5)
       on conflict (allergy_id) ${onConflict}`,
      [allergy.allergyId, patientId, allergy.substance.conceptId, allergy.substance.term, status],
    );
  }
}
