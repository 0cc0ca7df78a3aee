/**
 * Which substances each medicine contains, and which substances each allergy class covers, for
 * the allergy check. Medicine ids are NHSBSA dm+d VMP ids; ingredient and class ids come from the
 * SNOMED CT UK edition's substance hierarchy. This is a small subset of common primary-care
 * medicines, to be replaced by a feed from a terminology server; a medicine missing here has no
 * known ingredients, so it is prescribed without an allergy check.
 */

export interface ReferenceMedicine {
  term: string;
  /** SNOMED CT substance concept ids of the active ingredients. */
  ingredients: string[];
}

export interface SubstanceClass {
  term: string;
  /** SNOMED CT substance concept ids of the class's members. */
  members: string[];
}

export const SUBSTANCES = {
  amoxicillin: '372687004',
  flucloxacillin: '387544009',
  phenoxymethylpenicillin: '56723006',
  benzylpenicillin: '323389000',
  clavulanicAcid: '395938000',
  paracetamol: '387517004',
  ibuprofen: '387207008',
  naproxen: '372588000',
  aspirin: '387458008',
  codeine: '387494007',
  trimethoprim: '387170002',
  simvastatin: '387584000',
} as const;

const S = SUBSTANCES;

/** By dm+d VMP id. */
export const MEDICINE_INGREDIENTS: Readonly<Record<string, ReferenceMedicine>> = {
  '323509004': { term: 'Amoxicillin 250mg capsules', ingredients: [S.amoxicillin] },
  '323465006': { term: 'Flucloxacillin 500mg capsules', ingredients: [S.flucloxacillin] },
  '325286007': { term: 'Phenoxymethylpenicillin 250mg tablets', ingredients: [S.phenoxymethylpenicillin] },
  '39732211000001107': { term: 'Co-amoxiclav 500mg/125mg tablets', ingredients: [S.amoxicillin, S.clavulanicAcid] },
  '322236009': { term: 'Paracetamol 500mg tablets', ingredients: [S.paracetamol] },
  '329652003': { term: 'Ibuprofen 200mg tablets', ingredients: [S.ibuprofen] },
  '319773006': { term: 'Aspirin 75mg dispersible tablets', ingredients: [S.aspirin] },
  '42010411000001105': { term: 'Codeine 30mg tablets', ingredients: [S.codeine] },
  '41956211000001109': { term: 'Trimethoprim 200mg tablets', ingredients: [S.trimethoprim] },
  '320000009': { term: 'Simvastatin 40mg tablets', ingredients: [S.simvastatin] },
};

/** By SNOMED CT class concept id: an allergy recorded against the class covers every member. */
export const SUBSTANCE_CLASSES: Readonly<Record<string, SubstanceClass>> = {
  '764146007': { term: 'Penicillin', members: [S.amoxicillin, S.flucloxacillin, S.phenoxymethylpenicillin, S.benzylpenicillin] },
  '372665008': { term: 'Non-steroidal anti-inflammatory agent', members: [S.ibuprofen, S.naproxen, S.aspirin] },
};

/**
 * Allergy findings that some systems record where the substance belongs ("Allergy to penicillin"),
 * by SNOMED CT finding id: the substance or class they stand for, so the check still matches them.
 */
export const ALLERGY_FINDING_SUBSTANCES: Readonly<Record<string, string>> = {
  '91936005': '764146007',
};
