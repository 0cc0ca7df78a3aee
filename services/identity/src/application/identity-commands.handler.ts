import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PatientCommandHandler } from '@care-events/patient-commands';
import { OutboxWriter } from '@care-events/transactional-messaging';
import { Patient } from '../domain/patient';
import { PatientRepository } from '../persistence/patient.repository';

/**
 * Identity's command handler: a command locks the patient rows it writes and gets them loaded. A
 * registration locks none (there is no row yet); the unique live NHS number decides between two.
 */
@Injectable()
export class IdentityCommands extends PatientCommandHandler<string[], Map<string, Patient>> {
  constructor(dataSource: DataSource, outbox: OutboxWriter, patients: PatientRepository) {
    super(dataSource, outbox, {
      lock: async (manager, patientIds) => (patientIds.length === 0 ? new Map() : patients.lockByIds(manager, patientIds)),
    });
  }
}
