import { ActiveAllergy, AllergyOverride } from './medication';
import { MedicationsErrorCode, MedicationsException } from './medications-error';
import { ALLERGY_FINDING_SUBSTANCES, MEDICINE_INGREDIENTS, SUBSTANCE_CLASSES } from './reference/medicine-ingredients';

/**
 * The allergies a medicine conflicts with: those to one of its ingredients, or to a class that
 * contains one (recorded as the substance, or as an "allergy to" finding the table knows). A medicine missing from the reference table has no known ingredients, so nothing
 * conflicts with it.
 */
export function conflicts(medicineDmdId: string, activeAllergies: ActiveAllergy[]): ActiveAllergy[] {
  const ingredients = MEDICINE_INGREDIENTS[medicineDmdId]?.ingredients ?? [];
  return activeAllergies.filter(({ substance }) => {
    const conceptId = ALLERGY_FINDING_SUBSTANCES[substance.conceptId] ?? substance.conceptId;
    const covered = SUBSTANCE_CLASSES[conceptId]?.members ?? [conceptId];
    return ingredients.some((ingredient) => covered.includes(ingredient));
  });
}

/** Whether the reference table knows the medicine's ingredients, i.e. whether the allergy check could run. */
export function ingredientsKnown(medicineDmdId: string): boolean {
  return Object.hasOwn(MEDICINE_INGREDIENTS, medicineDmdId);
}

/**
 * Refuses a prescription that conflicts with the patient's allergies unless the prescriber gave
 * a reason to go ahead; that reason and the allergies overridden then travel with the prescription.
 */
export function checkAllergies(medicineDmdId: string, activeAllergies: ActiveAllergy[], overrideReason: string | undefined): AllergyOverride | null {
  const conflicting = conflicts(medicineDmdId, activeAllergies);
  if (conflicting.length === 0) return null;
  const allergyIds = conflicting.map((allergy) => allergy.allergyId);
  const substances = conflicting.map((allergy) => allergy.substance);
  if (overrideReason === undefined) {
    const named = conflicting.map(({ allergyId, substance }) => `${substance.term} (allergy ${allergyId})`).join(', ');
    throw new MedicationsException(
      MedicationsErrorCode.AllergyConflict,
      `the patient is recorded as allergic to ${named}; give allergyOverrideReason to prescribe anyway`,
      { allergyIds, substances },
    );
  }
  return { reason: overrideReason, allergyIds, substances };
}
