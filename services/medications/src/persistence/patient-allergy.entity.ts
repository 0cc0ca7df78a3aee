import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PatientAllergyStatus = 'active' | 'entered-in-error';

/**
 * An allergy as records.clinical.v1 last told it, whichever of its events arrived first: the allergy
 * check reads the active ones.
 */
@Entity('patient_allergy')
export class PatientAllergyEntity {
  @PrimaryColumn({ name: 'allergy_id', type: 'uuid' })
  allergyId!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'substance_concept_id', type: 'text' })
  substanceConceptId!: string;

  @Column({ name: 'substance_term', type: 'text' })
  substanceTerm!: string;

  @Column({ type: 'text' })
  status!: PatientAllergyStatus;
}
