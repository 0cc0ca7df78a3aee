import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A patient's active allergy as records.clinical.v1 told it: what the allergy check reads. */
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
}
