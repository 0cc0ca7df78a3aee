import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientDirectory } from '@care-events/patient-view';
import { MessagingRuntime } from '@care-events/service-kit';
import { DomainEvent } from '@care-events/transactional-messaging';
import { PatientOwned, PatientRecordsRepository } from '../persistence/patient-records.repository';

export interface Written<T> {
  record: T;
  events: DomainEvent[];
}

/**
 * One transaction per command: lock the patient's view row, apply the change, save it with its
 * events in the outbox. The lock serialises one patient's writes (and so the order of their
 * events) and refuses a superseded patient; deceased patients stay writable, as post-mortem
 * findings belong on the record.
 */
@Injectable()
export class PatientWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: PatientDirectory,
    private readonly messaging: MessagingRuntime,
  ) {}

  /** A new record for the patient. */
  create<T>(patientId: string, write: (manager: EntityManager) => Promise<Written<T>>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await this.directory.lockForWrite(manager, patientId);
      return this.commit(manager, await write(manager));
    });
  }

  /** A change to an existing record: its patient is locked first, then the record is read as it now stands. */
  change<T extends PatientOwned>(
    repository: PatientRecordsRepository<T>,
    id: string,
    notFound: (id: string) => Error,
    write: (manager: EntityManager, record: T) => Promise<Written<T>>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const readOwner = async () => (await repository.findById(manager, id))?.patientId ?? null;
      if ((await this.directory.lockOwnerOf(manager, readOwner)) === null) throw notFound(id);
      const current = await repository.findById(manager, id);
      if (!current) throw notFound(id);
      return this.commit(manager, await write(manager, current));
    });
  }

  private async commit<T>(manager: EntityManager, { record, events }: Written<T>): Promise<T> {
    await this.messaging.outbox.append(manager, events);
    return record;
  }
}
