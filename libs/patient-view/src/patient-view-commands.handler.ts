import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PatientCommandHandler, PatientLock } from '@care-events/patient-commands';
import { OutboxWriter } from '@care-events/transactional-messaging';
import { PatientDirectory, WriteOptions } from './patient-directory.service';

/** Whose view row a clinical command locks: the patient it writes for, or the owner of the record it changes. */
export type PatientWrite = WriteOptions & ({ patientId: string } | { ownerOf: (manager: EntityManager) => Promise<string | null> });

/**
 * The command handler of a clinical service. Each command locks its patient's row in this view:
 * an unknown patient is refused with 404, a superseded one with 409 naming the survivor. A change
 * to a record locks the record's owner, following a merge that moves the record meanwhile; a
 * record that does not exist locks nothing, and the command's load says it is not found.
 */
@Injectable()
export class PatientViewCommands extends PatientCommandHandler<PatientWrite> {
  constructor(dataSource: DataSource, outbox: OutboxWriter, directory: PatientDirectory) {
    super(dataSource, outbox, viewRowLock(directory));
  }
}

function viewRowLock(directory: PatientDirectory): PatientLock<PatientWrite> {
  return {
    async lock(manager, write) {
      if ('patientId' in write) await directory.lockForWrite(manager, write.patientId, write);
      else await directory.lockOwnerOf(manager, () => write.ownerOf(manager), write);
    },
  };
}
