import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PatientAccessService } from '@care-events/patient-access';
import { PatientViewCommands, PatientWrite } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Dispensation, Medication, NewMedication, Quantity } from '../domain/medication';
import * as rules from '../domain/medication-rules';
import { MedicationsErrorCode, MedicationsException } from '../domain/medications-error';
import { medicationDispensed, medicationDoseChanged, medicationPrescribed, medicationStopped } from '../events/medication-events';
import { MedicationRepository } from '../persistence/medication.repository';
import { PatientAllergyRepository } from '../persistence/patient-allergy.repository';

export type Prescription = Omit<NewMedication, 'id' | 'prescribedAt'> & { allergyOverrideReason?: string };

export interface MedicationDetail {
  medication: Medication;
  dispensations: Dispensation[];
}

/**
 * Prescribing and what follows it. Each command locks the patient (a medication's owner for a change
 * to it), applies the domain rule and saves the change with its event, in one transaction.
 */
@Injectable()
export class MedicationsService {
  constructor(
    private readonly commands: PatientViewCommands,
    private readonly medications: MedicationRepository,
    private readonly allergies: PatientAllergyRepository,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  prescribe({ allergyOverrideReason, ...input }: Prescription, context: CommandContext): Promise<Medication> {
    const id = randomUUID();
    const now = this.clock.now();
    return this.commands.handle({
      lock: { patientId: input.patientId, refuseDeceased: true },
      load: (manager) => this.allergies.activeFor(manager, input.patientId),
      decide: (activeAllergies) => {
        const medication = rules.prescribe({ ...input, id, prescribedAt: now }, activeAllergies, allergyOverrideReason);
        return { result: medication, events: [medicationPrescribed(medication, context, now)] };
      },
      save: (manager, { result }) => this.medications.insert(manager, result),
    });
  }

  changeDose(id: string, dosageText: string, context: CommandContext): Promise<Medication> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: this.ownerOf(id),
      load: (manager) => this.load(manager, id),
      decide: (medication) => {
        const changed = rules.changeDose(medication, dosageText);
        if (!changed) return { result: medication, events: [] };
        return { result: changed, events: [medicationDoseChanged(changed, medication.dosageText, context, now)] };
      },
      save: (manager, { result }) => this.medications.update(manager, result),
    });
  }

  stop(id: string, reason: string, context: CommandContext): Promise<Medication> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: this.ownerOf(id),
      load: (manager) => this.load(manager, id),
      decide: (medication) => {
        const stopped = rules.stop(medication, reason, now);
        return { result: stopped, events: [medicationStopped(stopped, reason, context, now)] };
      },
      save: (manager, { result }) => this.medications.update(manager, result),
    });
  }

  dispense(id: string, supply: { pharmacyOdsCode: string; quantity: Quantity }, context: CommandContext): Promise<Dispensation> {
    const dispensationId = randomUUID();
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ...this.ownerOf(id), refuseDeceased: true },
      load: (manager) => this.load(manager, id),
      decide: (medication) => {
        const dispensation = rules.dispense(medication, { ...supply, id: dispensationId, at: now });
        return { result: dispensation, events: [medicationDispensed(medication, dispensation, context, now)] };
      },
      save: (manager, { result }) => this.medications.insertDispensation(manager, result),
    });
  }

  async get(id: string, reader: Reader): Promise<MedicationDetail> {
    const medication = (await this.medications.findById(id)) ?? notFound(id);
    await this.access.authorizeReadOf(reader, medication.patientId, 'medications:medication');
    return { medication, dispensations: await this.medications.findDispensations(id) };
  }

  async listForPatient(patientId: string, reader: Reader): Promise<Medication[]> {
    await this.access.authorizeReadOf(reader, patientId, 'medications:list');
    return this.medications.findByPatient(patientId);
  }

  /** A change to a medication locks its patient; the medication is then read as it now stands. */
  private ownerOf(id: string): PatientWrite {
    return { ownerOf: async (manager) => (await this.medications.findById(id, manager))?.patientId ?? null };
  }

  private async load(manager: EntityManager, id: string): Promise<Medication> {
    return (await this.medications.findById(id, manager)) ?? notFound(id);
  }
}

function notFound(id: string): never {
  throw new MedicationsException(MedicationsErrorCode.MedicationNotFound, `no medication with id ${id}`);
}
