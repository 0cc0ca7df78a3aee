import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Allergy, enterInError, NewAllergy, recordAllergy } from '../domain/allergy';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { allergyEnteredInError, allergyRecorded } from '../events/allergy-events';
import { AllergyRepository } from '../persistence/records.repositories';
import { PatientWrites } from './patient-writes';

@Injectable()
export class AllergiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly allergies: AllergyRepository,
    private readonly writes: PatientWrites,
    private readonly clock: Clock,
  ) {}

  record(input: Omit<NewAllergy, 'id'>, context: CommandContext): Promise<Allergy> {
    const now = this.clock.now();
    const allergy = recordAllergy({ ...input, id: randomUUID() }, now);
    return this.writes.create(allergy.patientId, async (manager) => {
      await this.allergies.insert(manager, allergy);
      return { record: allergy, events: [allergyRecorded(allergy, context, now)] };
    });
  }

  enterInError(id: string, reason: string, context: CommandContext): Promise<Allergy> {
    return this.writes.change(this.allergies, id, notFound, async (manager, current) => {
      const allergy = enterInError(current, reason);
      await this.allergies.update(manager, allergy);
      return { record: allergy, events: [allergyEnteredInError(allergy, context, this.clock.now())] };
    });
  }

  async get(id: string): Promise<Allergy> {
    const found = await this.allergies.findById(this.dataSource.manager, id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Withdrawn records are left out unless asked for: they never described the patient. */
  list(patientId: string, includeEnteredInError: boolean): Promise<Allergy[]> {
    const where = includeEnteredInError ? {} : { clinicalStatus: 'active' as const };
    return this.allergies.findByPatient(this.dataSource.manager, patientId, where);
  }
}

function notFound(id: string): RecordsException {
  return new RecordsException(RecordsErrorCode.AllergyNotFound, `no allergy with id ${id}`, { allergyId: id });
}
