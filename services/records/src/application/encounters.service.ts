import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '@care-events/patient-access';
import { PatientViewCommands } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Encounter, endEncounter, NewEncounter, startEncounter } from '../domain/encounter';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { encounterEnded, encounterStartedEvents } from '../events/encounter-events';
import { EncounterRepository } from '../persistence/records.repositories';

@Injectable()
export class EncountersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encounters: EncounterRepository,
    private readonly commands: PatientViewCommands,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  start(input: Omit<NewEncounter, 'id'>, context: CommandContext): Promise<Encounter> {
    const now = this.clock.now();
    const encounter = startEncounter({ ...input, id: randomUUID() }, now);
    return this.commands.handle({
      lock: { patientId: encounter.patientId },
      decide: () => ({ result: encounter, events: encounterStartedEvents(encounter, context, now) }),
      save: (manager) => this.encounters.insert(manager, encounter),
    });
  }

  end(id: string, endedAt: Date, context: CommandContext): Promise<Encounter> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ownerOf: (manager) => this.encounters.patientOf(manager, id) },
      load: async (manager) => (await this.encounters.findById(manager, id)) ?? notFound(id),
      decide: (current) => {
        const encounter = endEncounter(current, endedAt);
        return { result: encounter, events: [encounterEnded(encounter, context, now)] };
      },
      save: (manager, { result }) => this.encounters.update(manager, result),
    });
  }

  async get(id: string, reader: Reader): Promise<Encounter> {
    const found = (await this.encounters.findById(this.dataSource.manager, id)) ?? notFound(id);
    await this.access.authorizeReadOf(reader, found.patientId, 'records:encounter');
    return found;
  }

  async list(patientId: string, reader: Reader): Promise<Encounter[]> {
    await this.access.authorizeReadOf(reader, patientId, 'records:encounters');
    return this.encounters.findByPatient(this.dataSource.manager, patientId);
  }
}

function notFound(id: string): never {
  throw new RecordsException(RecordsErrorCode.EncounterNotFound, `no encounter with id ${id}`, { encounterId: id });
}
