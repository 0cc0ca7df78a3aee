import { ingredientsKnown } from '../domain/allergy-check';
import { Dispensation, Medication } from '../domain/medication';

/** The API's view of a medication; with its dispensations when read on its own. */
export function medicationResponse(medication: Medication, dispensations?: Dispensation[]) {
  return {
    id: medication.id,
    patientId: medication.patientId,
    status: medication.status,
    medicine: medication.medicine,
    dosageText: medication.dosageText,
    route: medication.route,
    quantity: medication.quantity,
    courseType: medication.courseType,
    prescriber: medication.prescriber,
    allergyOverride: medication.allergyOverride,
    // The prescriber must know when the check could not run: the medicine is missing from the reference table.
    allergyCheck: ingredientsKnown(medication.medicine.dmdId) ? 'checked' : 'ingredients-unknown',
    prescribedAt: medication.prescribedAt.toISOString(),
    stopReason: medication.stopReason,
    stoppedAt: medication.stoppedAt?.toISOString() ?? null,
    ...(dispensations && { dispensations: dispensations.map(dispensationResponse) }),
  };
}

export function dispensationResponse(dispensation: Dispensation) {
  return {
    id: dispensation.id,
    medicationId: dispensation.medicationId,
    patientId: dispensation.patientId,
    pharmacyOdsCode: dispensation.pharmacyOdsCode,
    quantity: dispensation.quantity,
    dispensedAt: dispensation.dispensedAt.toISOString(),
  };
}
