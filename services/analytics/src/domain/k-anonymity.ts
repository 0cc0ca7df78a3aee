import type { QuasiIdentifiers } from './generaliser';

/**
 * The k-anonymity group of a patient for one recipient: the generalised quasi-identifiers it receives (year of
 * birth or band, postcode district or area, gender, practice ODS code); those it does not receive are null for
 * everyone and so do not split groups. Two patients share a group when their keys are equal.
 */
export function groupKey(identifiers: QuasiIdentifiers): string {
  return JSON.stringify([identifiers.yearOfBirth, identifiers.postcodeDistrict, identifiers.gender, identifiers.practiceOdsCode]);
}

/** A record leaves only when at least k released patients share its patient's group; otherwise it is suppressed. */
export function meetsK(groupSize: number, k: number): boolean {
  return groupSize >= k;
}
