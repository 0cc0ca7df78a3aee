import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A care setting's relationship with a patient, as care-router.relationship.v1 tells it. */
@Entity('known_care_relationship')
export class KnownCareRelationshipEntity {
  @PrimaryColumn({ name: 'relationship_id', type: 'uuid' })
  relationshipId!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  /** When it ends by itself; null while it lasts until an event ends it. */
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'boolean' })
  ended!: boolean;
}
