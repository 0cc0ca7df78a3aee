import { ActiveAllergy, Dispensation, Medication, NewMedication, Quantity } from './medication';
import { checkAllergies } from './allergy-check';
import { MedicationsErrorCode, MedicationsException } from './medications-error';

export function prescribe(input: NewMedication, activeAllergies: ActiveAllergy[], allergyOverrideReason?: string): Medication {
  const allergyOverride = checkAllergies(input.medicine.dmdId, activeAllergies, allergyOverrideReason);
  return { ...input, allergyOverride, status: 'active', stopReason: null, stoppedAt: null };
}

/** The new dosage, or null when it is the one already prescribed (no change, no event). */
export function changeDose(medication: Medication, dosageText: string): Medication | null {
  assertActive(medication);
  return dosageText === medication.dosageText ? null : { ...medication, dosageText };
}

export function stop(medication: Medication, reason: string, at: Date): Medication {
  assertActive(medication);
  return { ...medication, status: 'stopped', stopReason: reason, stoppedAt: at };
}

export function dispense(medication: Medication, supply: { id: string; pharmacyOdsCode: string; quantity: Quantity; at: Date }): Dispensation {
  assertActive(medication);
  const { id, pharmacyOdsCode, quantity, at } = supply;
  return { id, medicationId: medication.id, patientId: medication.patientId, pharmacyOdsCode, quantity, dispensedAt: at };
}

/** A stopped medication is final: it is neither dispensed, re-dosed nor stopped again. */
export function assertActive(medication: Medication): void {
  if (medication.status === 'stopped') {
    throw new MedicationsException(
      MedicationsErrorCode.MedicationStopped,
      `medication ${medication.id} was stopped on ${medication.stoppedAt?.toISOString()}: ${medication.stopReason}`,
      { medicationId: medication.id, stopReason: medication.stopReason },
    );
  }
}
