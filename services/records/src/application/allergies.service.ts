import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PatientViewCommands } from '@care-events/patient-view';
import { Clock } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Allergy, enterInError, NewAllergy, recordAllergy } from '../domain/allergy';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { allergyEnteredInError, allergyRecorded } from '../events/allergy-events';
import { AllergyRepository } from '../persistence/records.repositories';

@Injectable()
export class AllergiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly allergies: AllergyRepository,
    private readonly commands: PatientViewCommands,
    private readonly clock: Clock,
  ) {}

  record(input: Omit<NewAllergy, 'id'>, context: CommandContext): Promise<Allergy> {
    const now = this.clock.now();
    const allergy = recordAllergy({ ...input, id: randomUUID() }, now);
    return this.commands.handle({
      lock: { patientId: allergy.patientId },
      decide: () => ({ result: allergy, events: [allergyRecorded(allergy, context, now)] }),
      save: (manager) => this.allergies.insert(manager, allergy),
    });
  }

  enterInError(id: string, reason: string, context: CommandContext): Promise<Allergy> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ownerOf: (manager) => this.allergies.patientOf(manager, id) },
      load: async (manager) => (await this.allergies.findById(manager, id)) ?? notFound(id),
      decide: (current) => {
        const allergy = enterInError(current, reason);
        return { result: allergy, events: [allergyEnteredInError(allergy, context, now)] };
      },
      save: (manager, { result }) => this.allergies.update(manager, result),
    });
  }

  async get(id: string): Promise<Allergy> {
    const found = await this.allergies.findById(this.dataSource.manager, id);
    return found ?? notFound(id);
  }

  /** Withdrawn records are left out unless asked for: they never described the patient. */
  list(patientId: string, includeEnteredInError: boolean): Promise<Allergy[]> {
    const where = includeEnteredInError ? {} : { clinicalStatus: 'active' as const };
    return this.allergies.findByPatient(this.dataSource.manager, patientId, where);
  }
}

function notFound(id: string): never {
  throw new RecordsException(RecordsErrorCode.AllergyNotFound, `no allergy with id ${id}`, { allergyId: id });
}
