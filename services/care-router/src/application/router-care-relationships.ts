import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CareRelationshipLookup } from '@care-events/patient-access';
import { CareRelationshipRepository } from '../persistence/care-relationship.repository';

/**
 * The access rules' question answered from the router's own relationships, the ones it publishes on
 * care-router.relationship.v1: the router need not read its own topic back to know them.
 */
@Injectable()
export class RouterCareRelationships extends CareRelationshipLookup {
  constructor(private readonly dataSource: DataSource, private readonly relationships: CareRelationshipRepository) {
    super();
  }

  isRelated(patientId: string, odsCode: string, at: Date): Promise<boolean> {
    return this.relationships.isOpen(this.dataSource.manager, patientId, odsCode, at);
  }
}
