import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Condition, NewCondition, recordCondition, resolveCondition } from '../domain/condition';
import { RecordsErrorCode, RecordsException } from '../domain/records-error';
import { conditionRecorded, conditionResolved } from '../events/condition-events';
import { ConditionRepository } from '../persistence/records.repositories';
import { PatientWrites } from './patient-writes';

@Injectable()
export class ConditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conditions: ConditionRepository,
    private readonly writes: PatientWrites,
    private readonly clock: Clock,
  ) {}

  record(input: Omit<NewCondition, 'id'>, context: CommandContext): Promise<Condition> {
    const now = this.clock.now();
    const condition = recordCondition({ ...input, id: randomUUID() }, now);
    return this.writes.create(condition.patientId, async (manager) => {
      await this.conditions.insert(manager, condition);
      return { record: condition, events: [conditionRecorded(condition, context, now)] };
    });
  }

  resolve(id: string, resolvedDate: string, note: string | null, context: CommandContext): Promise<Condition> {
    return this.writes.change(this.conditions, id, notFound, async (manager, current) => {
      const now = this.clock.now();
      const condition = resolveCondition(current, resolvedDate, note, now);
      await this.conditions.update(manager, condition);
      return { record: condition, events: [conditionResolved(condition, context, now)] };
    });
  }

  async get(id: string): Promise<Condition> {
    const found = await this.conditions.findById(this.dataSource.manager, id);
    if (!found) throw notFound(id);
    return found;
  }

  list(patientId: string): Promise<Condition[]> {
    return this.conditions.findByPatient(this.dataSource.manager, patientId);
  }
}

function notFound(id: string): RecordsException {
  return new RecordsException(RecordsErrorCode.ConditionNotFound, `no condition with id ${id}`, { conditionId: id });
}
