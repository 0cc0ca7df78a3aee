import { generalise, PatientProfile, QuasiIdentifiers } from './generaliser';
import type { Generalisation, QuasiIdentifier } from './recipient';

/**
 * The k-anonymity group of a patient for one recipient: the generalised quasi-identifiers it receives
 * (year of birth, postcode district, gender, practice ODS code; those it does not receive are null for
 * everyone and so do not split groups). A key, so that groups can be counted.
 */
export function groupKey(identifiers: QuasiIdentifiers): string {
  return JSON.stringify([identifiers.yearOfBirth, identifiers.postcodeDistrict, identifiers.gender, identifiers.practiceOdsCode]);
}

/** How many of `population` share each group, for one recipient. */
export function groupSizes(population: readonly PatientProfile[], recipient: { fields: readonly QuasiIdentifier[]; generalisation: Generalisation }): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const profile of population) {
    const key = groupKey(generalise(profile, recipient.fields, recipient.generalisation));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

/** A record leaves only when at least k released patients share its patient's group; otherwise it is suppressed. */
export function meetsK(groupSize: number, k: number): boolean {
  return groupSize >= k;
}
