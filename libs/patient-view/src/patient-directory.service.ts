import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { KnownPatient } from './known-patient';
import { KnownPatientRepository } from './known-patient.repository';
import { PatientViewErrorCode, PatientViewException } from './patient-view.exception';

const MAX_MERGE_HOPS = 3;

export interface WriteOptions {
  /** Refuse with 409 when the patient has died (e.g. a booking or a prescription). */
  refuseDeceased?: boolean;
}

/**
 * Answers "may this service write for this patient?" from its view of identity. A write locks the
 * patient's view row until it commits: one patient's writes (and so their events) are serialised,
 * and a merge or death handled meanwhile waits for them, or they for it.
 */
@Injectable()
export class PatientDirectory {
  constructor(private readonly patients: KnownPatientRepository) {}

  async lockForWrite(manager: EntityManager, patientId: string, options: WriteOptions = {}): Promise<KnownPatient> {
    const patient = (await this.patients.lock(manager, [patientId])).get(patientId);
    if (!patient) throw unknown(patientId);
    if (patient.status === 'superseded') throw await this.superseded(manager, patient);
    if (patient.status === 'deceased' && options.refuseDeceased) {
      throw new PatientViewException(PatientViewErrorCode.PatientDeceased, `patient ${patientId} died on ${patient.dateOfDeath}`, {
        patientId,
        dateOfDeath: patient.dateOfDeath,
      });
    }
    return patient;
  }

  /**
   * Locks the patient who owns an existing record, for a change to that record; gives that patient's
   * id, or null when `readOwner` finds no record. A merge may move the record to the survivor between
   * reading its owner and taking the lock: the superseded owner is then read again (merges chain
   * rarely, so a few hops suffice). Once the lock is held no merge can move the record.
   */
  async lockOwnerOf(manager: EntityManager, readOwner: () => Promise<string | null>, options: WriteOptions = {}): Promise<string | null> {
    for (let hop = 1; ; hop++) {
      const patientId = await readOwner();
      if (patientId === null) return null;
      try {
        await this.lockForWrite(manager, patientId, options);
        return patientId;
      } catch (error) {
        const moved = error instanceof PatientViewException && error.code === PatientViewErrorCode.PatientSuperseded;
        if (!moved || hop >= MAX_MERGE_HOPS) throw error;
      }
    }
  }

  /**
   * Locks the record that now holds this patient's data (itself, or the end of its merge chain), for
   * an event another service published about the patient: what the event brings goes there, and no
   * merge moves the patient's data until the transaction ends. A patient whose registration has not
   * arrived from identity yet becomes known here, as a merge naming it would make it.
   */
  async lockCurrentRecordOf(manager: EntityManager, patientId: string): Promise<KnownPatient> {
    await this.patients.addIfUnknown(manager, patientId);
    return (await this.patients.lockCurrentRecord(manager, patientId)) ?? throwUnknown(patientId);
  }

  /** The record that now holds this patient's data: itself, or the end of its merge chain. */
  private async currentRecordOf(manager: EntityManager, patientId: string): Promise<string> {
    let current = await this.patients.find(manager, patientId);
    for (let hops = 0; current?.survivingPatientId && hops < 100; hops++) {
      const next = await this.patients.find(manager, current.survivingPatientId);
      if (!next) return current.survivingPatientId;
      current = next;
    }
    return current?.patientId ?? patientId;
  }

  private async superseded(manager: EntityManager, patient: KnownPatient): Promise<PatientViewException> {
    const survivingPatientId = await this.currentRecordOf(manager, patient.patientId);
    return new PatientViewException(
      PatientViewErrorCode.PatientSuperseded,
      `patient ${patient.patientId} was merged into ${survivingPatientId}; write to the surviving record`,
      { patientId: patient.patientId, survivingPatientId },
    );
  }
}

function throwUnknown(patientId: string): never {
  throw unknown(patientId);
}

function unknown(patientId: string): PatientViewException {
  return new PatientViewException(PatientViewErrorCode.PatientUnknown, `no patient with id ${patientId} is known from identity`, { patientId });
}
