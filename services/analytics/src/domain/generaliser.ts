import type { Generalisation, QuasiIdentifier } from './recipient';

/** What the service keeps of a patient's demographics: already generalised, never the full date or postcode. */
export interface PatientProfile {
  yearOfBirth: number | null;
  postcodeDistrict: string | null;
  gender: string | null;
  practiceOdsCode: string | null;
}

export type QuasiIdentifiers = PatientProfile;

const DAY_MS = 86_400_000;

/** Year of birth from an Avro date (days since the epoch). */
export function yearOfBirth(birthDate: number): number {
  return new Date(birthDate * DAY_MS).getUTCFullYear();
}

/** The outward code of a UK postcode (LS1 4AP → LS1); null for what is not a postcode. */
export function postcodeDistrict(postcode: string | null | undefined): string | null {
  const compact = (postcode ?? '').toUpperCase().replace(/\s+/g, '');
  const match = /^([A-Z]{1,2}[0-9][0-9A-Z]?)[0-9][A-Z]{2}$/.exec(compact);
  return match ? match[1] : null;
}

/** The quasi-identifiers one recipient receives, generalised as its agreement says; null for the rest. */
export function generalise(profile: PatientProfile, fields: readonly QuasiIdentifier[], generalisation: Generalisation): QuasiIdentifiers {
  const band = generalisation.yearOfBirthBand;
  const has = (field: QuasiIdentifier) => fields.includes(field);
  return {
    yearOfBirth: has('yearOfBirth') && profile.yearOfBirth !== null ? Math.floor(profile.yearOfBirth / band) * band : null,
    postcodeDistrict: has('postcodeDistrict') && profile.postcodeDistrict !== null ? postcodeOf(profile.postcodeDistrict, generalisation.postcode) : null,
    gender: has('gender') ? profile.gender : null,
    practiceOdsCode: has('practiceOdsCode') ? profile.practiceOdsCode : null,
  };
}

function postcodeOf(district: string, level: Generalisation['postcode']): string {
  return level === 'area' ? (/^[A-Z]+/.exec(district)?.[0] ?? district) : district;
}
