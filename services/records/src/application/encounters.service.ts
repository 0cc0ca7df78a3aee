import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Encounter, endEncounter, NewEncounter, startEncounter } from '../domain/encounter';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { encounterEnded, encounterStartedEvents } from '../events/encounter-events';
import { EncounterRepository } from '../persistence/records.repositories';
import { PatientWrites } from './patient-writes';

@Injectable()
export class EncountersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encounters: EncounterRepository,
    private readonly writes: PatientWrites,
    private readonly clock: Clock,
  ) {}

  start(input: Omit<NewEncounter, 'id'>, context: CommandContext): Promise<Encounter> {
    const now = this.clock.now();
    const encounter = startEncounter({ ...input, id: randomUUID() }, now);
    return this.writes.create(encounter.patientId, async (manager) => {
      await this.encounters.insert(manager, encounter);
      return { record: encounter, events: encounterStartedEvents(encounter, context, now) };
    });
  }

  end(id: string, endedAt: Date, context: CommandContext): Promise<Encounter> {
    return this.writes.change(this.encounters, id, notFound, async (manager, current) => {
      const encounter = endEncounter(current, endedAt);
      await this.encounters.update(manager, encounter);
      return { record: encounter, events: [encounterEnded(encounter, context, this.clock.now())] };
    });
  }

  async get(id: string): Promise<Encounter> {
    const found = await this.encounters.findById(this.dataSource.manager, id);
    if (!found) throw notFound(id);
    return found;
  }

  list(patientId: string): Promise<Encounter[]> {
    return this.encounters.findByPatient(this.dataSource.manager, patientId);
  }
}

function notFound(id: string): RecordsException {
  return new RecordsException(RecordsErrorCode.EncounterNotFound, `no encounter with id ${id}`, { encounterId: id });
}
