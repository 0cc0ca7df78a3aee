import { parseDmdId, parseSnomedConceptId } from '@care-events/domain-primitives';
import { ALLERGY_FINDING_SUBSTANCES, MEDICINE_INGREDIENTS, SUBSTANCE_CLASSES, SUBSTANCES } from './medicine-ingredients';

describe('medicine ingredients reference table', () => {
  it.each(Object.keys(MEDICINE_INGREDIENTS))('dm+d id %s passes the dm+d parser', (dmdId) => {
    expect(parseDmdId(dmdId)).toEqual({ ok: true, value: dmdId });
  });

  const substanceIds = [
    ...Object.values(SUBSTANCES),
    ...Object.keys(SUBSTANCE_CLASSES),
    ...Object.values(MEDICINE_INGREDIENTS).flatMap((medicine) => medicine.ingredients),
    ...Object.values(SUBSTANCE_CLASSES).flatMap((substanceClass) => substanceClass.members),
    ...Object.keys(ALLERGY_FINDING_SUBSTANCES),
  ];
  it.each([...new Set(substanceIds)])('substance id %s passes the SNOMED CT parser', (conceptId) => {
    expect(parseSnomedConceptId(conceptId)).toEqual({ ok: true, value: conceptId });
  });

  it('lists only known substances as ingredients and class members', () => {
    const known = new Set<string>(Object.values(SUBSTANCES));
    const used = [
      ...Object.values(MEDICINE_INGREDIENTS).flatMap((medicine) => medicine.ingredients),
      ...Object.values(SUBSTANCE_CLASSES).flatMap((substanceClass) => substanceClass.members),
    ];
    expect(used.filter((id) => !known.has(id))).toEqual([]);
  });

  it('maps each allergy finding to a substance or class the table knows', () => {
    const known = new Set<string>([...Object.values(SUBSTANCES), ...Object.keys(SUBSTANCE_CLASSES)]);
    expect(Object.values(ALLERGY_FINDING_SUBSTANCES).filter((id) => !known.has(id))).toEqual([]);
  });
});
