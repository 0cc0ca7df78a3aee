import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '@care-events/patient-access';
import { PatientViewCommands } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
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
    private readonly access: PatientAccessService,
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

  async get(id: string, reader: Reader): Promise<Allergy> {
    const found = (await this.allergies.findById(this.dataSource.manager, id)) ?? notFound(id);
    await this.access.authorizeReadOf(reader, found.patientId, 'records:allergy');
    return found;
  }

  /** Withdrawn records are left out unless asked for: they never described the patient. */
  async list(patientId: string, includeEnteredInError: boolean, reader: Reader): Promise<Allergy[]> {
    await this.access.authorizeReadOf(reader, patientId, 'records:allergies');
    const where = includeEnteredInError ? {} : { clinicalStatus: 'active' as const };
    return this.allergies.findByPatient(this.dataSource.manager, patientId, where);
  }
}

function notFound(id: string): never {
  throw new RecordsException(RecordsErrorCode.AllergyNotFound, `no allergy with id ${id}`, { allergyId: id });
}
