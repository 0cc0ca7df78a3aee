import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Whether an organisation has an active care relationship with a patient at a time. Services ask
 * the projection of care-router.relationship.v1 (KnownCareRelationships); care-router, which keeps
 * the relationships themselves, answers from its own table.
 */
export abstract class CareRelationshipLookup {
  abstract isRelated(patientId: string, odsCode: string, at: Date): Promise<boolean>;
}

/** The answer from the service's known_care_relationship table. */
@Injectable()
export class KnownCareRelationships extends CareRelationshipLookup {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async isRelated(patientId: string, odsCode: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `select 1 from known_care_relationship
        where patient_id = $1 and ods_code = $2 and not ended and (ends_at is null or ends_at > $3) limit 1`,
      [patientId, odsCode, at],
    );
    return rows.length > 0;
  }
}
