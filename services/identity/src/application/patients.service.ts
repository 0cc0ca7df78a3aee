import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ukToday } from '@care-events/domain-primitives';
import { Clock, MessagingRuntime } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { IdentityErrorCode, IdentityException } from '../domain/identity-error';
import { Decision, Demographics, Patient } from '../domain/patient';
import * as rules from '../domain/patient-rules';
import { patientEvents } from '../events/patient-events';
import { PatientRepository } from '../persistence/patient.repository';

/**
 * Runs each command in one transaction: lock the patient, apply the domain rule, save the
 * patient and its events to the outbox. Either all of it commits or none of it does.
 */
@Injectable()
export class PatientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientRepository,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async register(input: Omit<rules.NewPatient, 'id'>, context: CommandContext): Promise<Patient> {
    const decision = rules.registerPatient({ ...input, id: randomUUID() });
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.patients.findLiveByNhsNumber(manager, input.nhsNumber);
      if (existing) throw duplicate(input.nhsNumber, existing.id);
      await this.patients.insert(manager, decision.patient).catch((error) => {
        // A concurrent registration of the same number won the unique index.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw duplicate(input.nhsNumber);
        throw error;
      });
      return this.publish(manager, decision, context);
    });
  }

  get(id: string): Promise<Patient> {
    return this.patients.findById(id).then((patient) => patient ?? notFound(id));
  }

  findByNhsNumber(nhsNumber: string): Promise<Patient[]> {
    return this.patients.findByNhsNumber(nhsNumber);
  }

  updateDemographics(id: string, update: Partial<Demographics>, expectedVersion: number | undefined, context: CommandContext) {
    return this.change(id, expectedVersion, context, (patient) => rules.updateDemographics(patient, update));
  }

  changeRegisteredGp(id: string, odsCode: string, expectedVersion: number | undefined, context: CommandContext) {
    return this.change(id, expectedVersion, context, (patient) => rules.changeRegisteredGp(patient, odsCode));
  }

  changeNominatedPharmacy(id: string, odsCode: string | null, expectedVersion: number | undefined, context: CommandContext) {
    return this.change(id, expectedVersion, context, (patient) => rules.changeNominatedPharmacy(patient, odsCode));
  }

  recordDeath(id: string, dateOfDeath: string, expectedVersion: number | undefined, context: CommandContext) {
    const today = ukToday(this.clock.now());
    return this.change(id, expectedVersion, context, (patient) => rules.recordDeath(patient, dateOfDeath, today));
  }

  setSensitivity(id: string, sensitive: boolean, expectedVersion: number | undefined, context: CommandContext) {
    return this.change(id, expectedVersion, context, (patient) => rules.setSensitivity(patient, sensitive));
  }

  async merge(duplicateId: string, survivorId: string, expectedVersion: number | undefined, context: CommandContext): Promise<Patient> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.patients.lockByIds(manager, [duplicateId, survivorId]);
      const duplicate = locked.get(duplicateId) ?? notFound(duplicateId);
      const survivor = locked.get(survivorId) ?? notFound(survivorId);
      rules.assertVersion(duplicate, expectedVersion);
      return this.save(manager, rules.mergeInto(duplicate, survivor), context);
    });
  }

  private change(id: string, expectedVersion: number | undefined, context: CommandContext, decide: (patient: Patient) => Decision): Promise<Patient> {
    return this.dataSource.transaction(async (manager) => {
      const patient = (await this.patients.lockByIds(manager, [id])).get(id) ?? notFound(id);
      rules.assertNotMerged(patient);
      rules.assertVersion(patient, expectedVersion);
      return this.save(manager, decide(patient), context);
    });
  }

  private async save(manager: EntityManager, decision: Decision, context: CommandContext): Promise<Patient> {
    if (decision.changes.length === 0) return decision.patient;
    await this.patients.update(manager, decision.patient);
    return this.publish(manager, decision, context);
  }

  private async publish(manager: EntityManager, { patient, changes }: Decision, context: CommandContext): Promise<Patient> {
    await this.messaging.outbox.append(manager, patientEvents(patient, changes, context, this.clock.now()));
    return patient;
  }
}

function notFound(id: string): never {
  throw new IdentityException(IdentityErrorCode.PatientNotFound, `no patient with id ${id}`);
}

function duplicate(nhsNumber: string, existingPatientId?: string): IdentityException {
  return new IdentityException(IdentityErrorCode.DuplicateNhsNumber, `a live patient record already has NHS number ${nhsNumber}`, {
    existingPatientId,
  });
}
