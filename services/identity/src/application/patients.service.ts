import { ForbiddenException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { ukToday } from '@care-events/domain-primitives';
import { PatientAccessService } from '@care-events/patient-access';
import { Outcome } from '@care-events/patient-commands';
import { Clock, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { IdentityErrorCode, IdentityException } from '../domain/identity-error';
import { Decision, Demographics, Patient } from '../domain/patient';
import * as rules from '../domain/patient-rules';
import { patientEvents } from '../events/patient-events';
import { PatientRepository } from '../persistence/patient.repository';
import { IdentityCommands } from './identity-commands.handler';

/** The unique index that lets one live record hold an NHS number (see the patient migrations). */
const LIVE_NHS_NUMBER_INDEX = 'patient_nhs_number_live';

/** Identity's commands: each locks the patient rows it writes, applies a domain rule, saves the patient with its events. */
@Injectable()
export class PatientsService {
  constructor(
    private readonly commands: IdentityCommands,
    private readonly patients: PatientRepository,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  /**
   * The unique index of live NHS numbers decides a duplicate, so a registration reads nothing
   * first, and writes the patient with its event in one statement. A refused one names the live
   * record, looked up once the statement has failed and written nothing.
   */
  async register(input: Omit<rules.NewPatient, 'id'>, context: CommandContext): Promise<Patient> {
    const decision = rules.registerPatient({ ...input, id: randomUUID() });
    const now = this.clock.now();
    try {
      return await this.commands.create({
        decide: () => outcome(decision, context, now),
        insert: ({ result }) => this.patients.insertStatement(result),
      });
    } catch (error) {
      if (!isLiveNhsNumberTaken(error)) throw error;
      throw duplicate(input.nhsNumber, (await this.patients.findLiveByNhsNumber(input.nhsNumber))?.id);
    }
  }

  /** The patient, once the reader may see them (an unknown id stays a 404). */
  async get(id: string, reader: Reader): Promise<Patient> {
    const patient = (await this.patients.findById(id)) ?? notFound(id);
    await this.authorizeRead(patient, 'identity:patient', reader);
    return patient;
  }

  /** Every record with the number that the reader may see; 403 when there are some and none of them is. */
  async findByNhsNumber(nhsNumber: string, reader: Reader): Promise<Patient[]> {
    const found = await this.patients.findByNhsNumber(nhsNumber);
    const allowed: Patient[] = [];
    let refusal: ForbiddenException | undefined;
    for (const patient of found) {
      try {
        await this.authorizeRead(patient, 'identity:patient-search', reader);
        allowed.push(patient);
      } catch (error) {
        if (!(error instanceof ForbiddenException)) throw error;
        refusal ??= error;
      }
    }
    if (refusal && allowed.length === 0) throw refusal;
    return allowed;
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

  private authorizeRead(patient: Patient, what: string, reader: Reader) {
    return this.access.authorizeReadOf(reader, { patientId: patient.id, nhsNumber: patient.nhsNumber }, what);
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

function isLiveNhsNumberTaken(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return cause?.code === '23505' && cause.constraint === LIVE_NHS_NUMBER_INDEX;
}

function notFound(id: string): never {
  throw new IdentityException(IdentityErrorCode.PatientNotFound, `no patient with id ${id}`);
}

function duplicate(nhsNumber: string, existingPatientId?: string): IdentityException {
  return new IdentityException(IdentityErrorCode.DuplicateNhsNumber, `a live patient record already has NHS number ${nhsNumber}`, {
    existingPatientId,
  });
}
