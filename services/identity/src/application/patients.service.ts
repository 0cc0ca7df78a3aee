import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { ukToday } from '@care-events/domain-primitives';
import { Outcome } from '@care-events/patient-commands';
import { Clock } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { IdentityErrorCode, IdentityException } from '../domain/identity-error';
import { Decision, Demographics, Patient } from '../domain/patient';
import * as rules from '../domain/patient-rules';
import { patientEvents } from '../events/patient-events';
import { PatientRepository } from '../persistence/patient.repository';
import { IdentityCommands } from './identity-commands.handler';

/** Identity's commands: each locks the patient rows it writes, applies a domain rule, saves the patient with its events. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly commands: IdentityCommands,
    private readonly patients: PatientRepository,
    private readonly clock: Clock,
  ) {}

  register(input: Omit<rules.NewPatient, 'id'>, context: CommandContext): Promise<Patient> {
    const decision = rules.registerPatient({ ...input, id: randomUUID() });
    const now = this.clock.now();
    return this.commands.handle({
      lock: [],
      load: (manager) => this.patients.findLiveByNhsNumber(manager, input.nhsNumber),
      decide: (existing) => {
        if (existing) throw duplicate(input.nhsNumber, existing.id);
        return outcome(decision, context, now);
      },
      save: (manager, { result }) =>
        this.patients.insert(manager, result).catch((error) => {
          // A concurrent registration of the same number won the unique index.
          if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw duplicate(input.nhsNumber);
          throw error;
        }),
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

  setSensitivity(id: string, sensitive: boolean, details: rules.ContactDetailsUpdate, expectedVersion: number | undefined, context: CommandContext) {
    return this.change(id, expectedVersion, context, (patient) => rules.setSensitivity(patient, sensitive, details));
  }

  merge(duplicateId: string, survivorId: string, expectedVersion: number | undefined, context: CommandContext): Promise<Patient> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: [duplicateId, survivorId],
      load: async (_, locked) => [locked.get(duplicateId) ?? notFound(duplicateId), locked.get(survivorId) ?? notFound(survivorId)] as const,
      decide: ([duplicate, survivor]) => {
        rules.assertVersion(duplicate, expectedVersion);
        return outcome(rules.mergeInto(duplicate, survivor), context, now);
      },
      save: (manager, { result }) => this.patients.update(manager, result),
    });
  }

  /** A change to one patient whose record no merge has superseded, at the version the caller read. */
  private change(id: string, expectedVersion: number | undefined, context: CommandContext, decide: (patient: Patient) => Decision): Promise<Patient> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: [id],
      load: async (_, locked) => locked.get(id) ?? notFound(id),
      decide: (patient) => {
        rules.assertNotSuperseded(patient);
        rules.assertVersion(patient, expectedVersion);
        return outcome(decide(patient), context, now);
      },
      save: (manager, { result }) => this.patients.update(manager, result),
    });
  }
}

/** The patient as decided, with an event for each of its changes (none: nothing is saved). */
function outcome({ patient, changes }: Decision, context: CommandContext, now: Date): Outcome<Patient> {
  return { result: patient, events: patientEvents(patient, changes, context, now) };
}

function notFound(id: string): never {
  throw new IdentityException(IdentityErrorCode.PatientNotFound, `no patient with id ${id}`);
}

function duplicate(nhsNumber: string, existingPatientId?: string): IdentityException {
  return new IdentityException(IdentityErrorCode.DuplicateNhsNumber, `a live patient record already has NHS number ${nhsNumber}`, {
    existingPatientId,
  });
}
