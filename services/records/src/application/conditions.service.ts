import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PatientAccessService } from '@care-events/patient-access';
import { PatientViewCommands } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Condition, NewCondition, recordCondition, resolveCondition } from '../domain/condition';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { conditionRecorded, conditionResolved } from '../events/condition-events';
import { ConditionRepository } from '../persistence/records.repositories';

@Injectable()
export class ConditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conditions: ConditionRepository,
    private readonly commands: PatientViewCommands,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  record(input: Omit<NewCondition, 'id'>, context: CommandContext): Promise<Condition> {
    const now = this.clock.now();
    const condition = recordCondition({ ...input, id: randomUUID() }, now);
    return this.commands.handle({
      lock: { patientId: condition.patientId },
      decide: () => ({ result: condition, events: [conditionRecorded(condition, context, now)] }),
      save: (manager) => this.conditions.insert(manager, condition),
    });
  }

  resolve(id: string, resolvedDate: string, note: string | null, context: CommandContext): Promise<Condition> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ownerOf: (manager) => this.conditions.patientOf(manager, id) },
      load: async (manager) => (await this.conditions.findById(manager, id)) ?? notFound(id),
      decide: (current) => {
        const condition = resolveCondition(current, resolvedDate, note, now);
        return { result: condition, events: [conditionResolved(condition, context, now)] };
      },
      save: (manager, { result }) => this.conditions.update(manager, result),
    });
  }

  async get(id: string, reader: Reader): Promise<Condition> {
    const found = (await this.conditions.findById(this.dataSource.manager, id)) ?? notFound(id);
    await this.access.authorizeReadOf(reader, found.patientId, 'records:condition');
    return found;
  }

  async list(patientId: string, reader: Reader): Promise<Condition[]> {
    await this.access.authorizeReadOf(reader, patientId, 'records:conditions');
    return this.conditions.findByPatient(this.dataSource.manager, patientId);
  }
}

function notFound(id: string): never {
  throw new RecordsException(RecordsErrorCode.ConditionNotFound, `no condition with id ${id}`, { conditionId: id });
}
