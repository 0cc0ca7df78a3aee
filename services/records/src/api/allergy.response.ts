import { Allergy, isEnteredInError } from '../domain/allergy';

export function allergyResponse(allergy: Allergy) {
  return {
    id: allergy.id,
    patientId: allergy.patientId,
    substance: allergy.substance,
    type: allergy.type,
    reaction: allergy.reaction,
    severity: allergy.severity,
    criticality: allergy.criticality,
    verificationStatus: allergy.verificationStatus,
    recordedBy: allergy.recordedBy,
    onsetDate: allergy.onsetDate,
    clinicalStatus: allergy.clinicalStatus,
    enteredInError: isEnteredInError(allergy),
    enteredInErrorReason: allergy.enteredInErrorReason,
    recordedAt: allergy.recordedAt.toISOString(),
  };
}
