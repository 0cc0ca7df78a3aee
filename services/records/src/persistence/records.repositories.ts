import { Injectable } from '@nestjs/common';
import { AllergyEntity } from './allergy.entity';
import { ConditionEntity } from './condition.entity';
import { EncounterEntity } from './encounter.entity';
import { PatientRecordsRepository } from './patient-records.repository';

@Injectable()
export class AllergyRepository extends PatientRecordsRepository<AllergyEntity> {
  constructor() {
    super(AllergyEntity);
  }
}

@Injectable()
export class ConditionRepository extends PatientRecordsRepository<ConditionEntity> {
  constructor() {
    super(ConditionEntity);
  }
}

@Injectable()
export class EncounterRepository extends PatientRecordsRepository<EncounterEntity> {
  constructor() {
    super(EncounterEntity);
  }
}
