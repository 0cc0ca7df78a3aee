import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PatientDirectory } from '@care-events/patient-view';
import { Clock, MessagingRuntime } from '@care-events/service-kit';
import { CommandContext, DomainEvent } from '@care-events/transactional-messaging';
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
 * Runs each command in one transaction: lock the patient, load, apply the domain rule, save the
 * change and append its event to the outbox. Either all of it commits or none of it does.
 */
@Injectable()
export class MedicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: PatientDirectory,
    private readonly medications: MedicationRepository,
    private readonly allergies: PatientAllergyRepository,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async prescribe({ allergyOverrideReason, ...input }: Prescription, context: CommandContext): Promise<Medication> {
    return this.dataSource.transaction(async (manager) => {
      await this.directory.lockForWrite(manager, input.patientId, { refuseDeceased: true });
      const activeAllergies = await this.allergies.activeFor(manager, input.patientId);
      const medication = rules.prescribe({ ...input, id: randomUUID(), prescribedAt: this.clock.now() }, activeAllergies, allergyOverrideReason);
      await this.medications.insert(manager, medication);
      await this.publish(manager, medicationPrescribed(medication, context, this.clock.now()));
      return medication;
    });
  }

  changeDose(id: string, dosageText: string, context: CommandContext): Promise<Medication> {
    return this.change(id, {}, async (manager, medication) => {
      const changed = rules.changeDose(medication, dosageText);
      if (!changed) return medication;
      await this.medications.update(manager, changed);
      await this.publish(manager, medicationDoseChanged(changed, medication.dosageText, context, this.clock.now()));
      return changed;
    });
  }

  stop(id: string, reason: string, context: CommandContext): Promise<Medication> {
    return this.change(id, {}, async (manager, medication) => {
      const stopped = rules.stop(medication, reason, this.clock.now());
      await this.medications.update(manager, stopped);
      await this.publish(manager, medicationStopped(stopped, reason, context, this.clock.now()));
      return stopped;
    });
  }

  dispense(id: string, supply: { pharmacyOdsCode: string; quantity: Quantity }, context: CommandContext): Promise<Dispensation> {
    return this.change(id, { refuseDeceased: true }, async (manager, medication) => {
      const dispensation = rules.dispense(medication, { ...supply, id: randomUUID(), at: this.clock.now() });
      await this.medications.insertDispensation(manager, dispensation);
      await this.publish(manager, medicationDispensed(medication, dispensation, context, this.clock.now()));
      return dispensation;
    });
  }

  async get(id: string): Promise<MedicationDetail> {
    const medication = (await this.medications.findById(id)) ?? notFound(id);
    return { medication, dispensations: await this.medications.findDispensations(id) };
  }

  listForPatient(patientId: string): Promise<Medication[]> {
    return this.medications.findByPatient(patientId);
  }

  /** Locks the medication's patient, then re-reads the medication under that lock. */
  private async change<T>(id: string, options: { refuseDeceased?: boolean }, apply: (manager: EntityManager, medication: Medication) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const readOwner = async () => (await this.medications.findById(id, manager))?.patientId ?? null;
      if ((await this.directory.lockOwnerOf(manager, readOwner, options)) === null) notFound(id);
      return apply(manager, (await this.medications.findById(id, manager)) ?? notFound(id));
    });
  }

  private publish(manager: EntityManager, event: DomainEvent): Promise<void> {
    return this.messaging.outbox.append(manager, [event]);
  }
}

function notFound(id: string): never {
  throw new MedicationsException(MedicationsErrorCode.MedicationNotFound, `no medication with id ${id}`);
}
